import { DatePipe, JsonPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule } from '@angular/material/dialog';
import type { AuditEntry } from '@switchyard/contracts';

/** One audit entry with the object before and after the change, as JSON. */
@Component({
  selector: 'sy-audit-detail-dialog',
  imports: [DatePipe, JsonPipe, MatButtonModule, MatDialogModule],
  host: { 'data-testid': 'audit-detail-dialog' },
  template: `
    <h2 mat-dialog-title>{{ entry.action }}</h2>
    <mat-dialog-content>
      <p class="meta">
        {{ entry.createdAt | date: 'medium' }} · {{ entry.adminUsername ?? 'system' }}
        @if (entry.targetType) {
          · {{ entry.targetType }} {{ entry.targetId }}
        }
      </p>
      <div class="sides">
        <section>
          <h3>Before</h3>
          <pre data-testid="audit-before">{{ entry.before === null ? '—' : (entry.before | json) }}</pre>
        </section>
        <section>
          <h3>After</h3>
          <pre data-testid="audit-after">{{ entry.after === null ? '—' : (entry.after | json) }}</pre>
        </section>
      </div>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button matButton type="button" mat-dialog-close>Close</button>
    </mat-dialog-actions>
  `,
  styles: `
    .meta {
      margin-top: 0;
      color: var(--mat-sys-on-surface-variant);
    }
    .sides {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(260px, 1fr));
      gap: 16px;
    }
    pre {
      margin: 0;
      padding: 8px;
      overflow: auto;
      max-height: 50vh;
      border-radius: 4px;
      background: var(--mat-sys-surface-container);
      font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      font-size: 12px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditDetailDialog {
  protected readonly entry = inject<AuditEntry>(MAT_DIALOG_DATA);

  static open(dialog: MatDialog, entry: AuditEntry): void {
    dialog.open(AuditDetailDialog, { data: entry, width: '760px', maxWidth: '95vw' });
  }
}
