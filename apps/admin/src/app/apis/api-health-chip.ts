import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { ApiHealth, ApiResponse } from '@switchyard/contracts';
import { summarizeHealth } from './api-health';
import { ApiHealthDialog } from './api-health-dialog';

/** The breaker state of one API as a chip; clicking it opens the state history. */
@Component({
  selector: 'sy-api-health-chip',
  imports: [DatePipe, MatTooltipModule],
  template: `
    <button
      type="button"
      [class]="'chip health-' + summary().kind"
      (click)="showHistory()"
      [matTooltip]="sinceIso() ? 'Since ' + (sinceIso() | date: 'medium') + ' · click for history' : 'Click for history'"
      [attr.aria-label]="'Health of ' + api().name + ': ' + summary().label + '. Show history'"
      [attr.data-state]="summary().kind"
      data-testid="api-health"
    >
      {{ summary().label }}
    </button>
    @if (summary().kind !== 'healthy' && summary().since; as since) {
      <div class="since" data-testid="api-health-since">{{ since }}</div>
    }
  `,
  styles: `
    .chip {
      max-width: 260px;
      padding: 2px 10px;
      border: 0;
      border-radius: 8px;
      cursor: pointer;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      font: var(--mat-sys-label-medium);
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface);
    }
    .health-healthy {
      background: light-dark(#c9eccd, #1d4a28);
      color: light-dark(#0d3a17, #b7f0c1);
    }
    .health-failing,
    .health-probing {
      background: light-dark(#ffe2b3, #5a3c00);
      color: light-dark(#4a2c00, #ffddaa);
    }
    .health-out {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .since {
      margin-top: 2px;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ApiHealthChip {
  private readonly dialog = inject(MatDialog);

  readonly api = input.required<ApiResponse>();

  protected readonly summary = computed(() => summarizeHealth(this.api().health));
  // An older gateway may leave `health` out, whatever the type says.
  protected readonly sinceIso = computed(() => (this.api().health as ApiHealth | undefined)?.since ?? null);

  protected showHistory(): void {
    ApiHealthDialog.open(this.dialog, this.api());
  }
}
