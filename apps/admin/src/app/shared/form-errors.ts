import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';

/** The server's reasons for refusing a form, one per line; renders nothing when there are none. */
@Component({
  selector: 'sy-form-errors',
  imports: [MatIconModule],
  template: `
    @if (messages().length > 0) {
      <div class="errors" role="alert" data-testid="form-errors">
        <mat-icon aria-hidden="true">error</mat-icon>
        <ul>
          @for (message of messages(); track $index) {
            <li>{{ message }}</li>
          }
        </ul>
      </div>
    }
  `,
  styles: `
    .errors {
      display: flex;
      gap: 8px;
      margin-top: 8px;
      padding: 12px;
      border-radius: 8px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    ul {
      margin: 0;
      padding-left: 16px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FormErrors {
  readonly messages = input.required<readonly string[]>();
}
