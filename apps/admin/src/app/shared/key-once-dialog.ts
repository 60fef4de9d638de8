import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { Observable } from 'rxjs';
import { CopyButton } from './copy-button';

export interface KeyOnceDialogData {
  readonly title: string;
  /** Whose key it is, e.g. the user's name. */
  readonly owner: string;
  readonly apiKey: string;
}

/**
 * Shows a freshly issued secret exactly once. The server keeps only a hash, so the dialog cannot be
 * dismissed by the backdrop or Escape: the operator has to say they copied it.
 */
@Component({
  selector: 'sy-key-once-dialog',
  imports: [CopyButton, MatButtonModule, MatDialogModule, MatIconModule],
  host: { 'data-testid': 'key-once-dialog' },
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content>
      <p class="warning" role="alert">
        <mat-icon aria-hidden="true">warning</mat-icon>
        <span>Copy this key now. It will <strong>not be shown again</strong>; if it is lost, rotate the key.</span>
      </p>
      <p>
        API key for <strong>{{ data.owner }}</strong>:
      </p>
      <code class="key" data-testid="api-key-value">{{ data.apiKey }}</code>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <sy-copy-button [value]="data.apiKey" label="Copy key" testId="copy-key" />
      <button matButton="filled" type="button" mat-dialog-close data-testid="key-copied-close">I have copied it</button>
    </mat-dialog-actions>
  `,
  styles: `
    .warning {
      display: flex;
      gap: 8px;
      align-items: flex-start;
      padding: 12px;
      border-radius: 8px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .key {
      display: block;
      padding: 12px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container-high);
      font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      word-break: break-all;
      user-select: all;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class KeyOnceDialog {
  protected readonly data = inject<KeyOnceDialogData>(MAT_DIALOG_DATA);

  /** Opens the dialog; emits once when the operator closed it. */
  static open(dialog: MatDialog, data: KeyOnceDialogData): Observable<unknown> {
    return dialog.open(KeyOnceDialog, { data, width: '560px', maxWidth: '95vw', disableClose: true }).afterClosed();
  }
}
