import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/** An HTTP status as a small chip coloured by class: 2xx green, 4xx amber, 5xx red. */
@Component({
  selector: 'sy-status-chip',
  template: '{{ status() }}',
  host: {
    '[class]': "'status-' + statusClass()",
    '[attr.title]': 'title()',
  },
  styles: `
    :host {
      display: inline-block;
      min-width: 3ch;
      padding: 2px 8px;
      border-radius: 8px;
      font: var(--mat-sys-label-medium);
      text-align: center;
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface);
    }
    :host.status-2xx {
      background: light-dark(#c9eccd, #1d4a28);
      color: light-dark(#0d3a17, #b7f0c1);
    }
    :host.status-4xx {
      background: light-dark(#ffe2b3, #5a3c00);
      color: light-dark(#4a2c00, #ffddaa);
    }
    :host.status-5xx {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatusChip {
  readonly status = input.required<number>();

  protected readonly statusClass = computed(() => `${Math.floor(this.status() / 100)}xx`);
  protected readonly title = computed(() => {
    const kind = this.statusClass();
    return kind === '2xx' ? 'Success' : kind === '4xx' ? 'Client error' : kind === '5xx' ? 'Server error' : 'Other';
  });
}
