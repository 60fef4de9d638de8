import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';

/** Stand-in page for a feature that is routed but not built yet; `feature` comes from route data. */
@Component({
  selector: 'sy-coming-soon',
  imports: [MatIconModule],
  template: `
    <section class="coming-soon">
      <mat-icon aria-hidden="true">construction</mat-icon>
      <h1>{{ feature() }}</h1>
      <p>Coming soon.</p>
    </section>
  `,
  styles: `
    .coming-soon {
      display: grid;
      justify-items: center;
      gap: 8px;
      padding: 64px 16px;
      color: var(--mat-sys-on-surface-variant);
    }
    h1 {
      margin: 0;
      font: var(--mat-sys-headline-small);
      color: var(--mat-sys-on-surface);
    }
    mat-icon {
      width: 48px;
      height: 48px;
      font-size: 48px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ComingSoon {
  readonly feature = input.required<string>();
}
