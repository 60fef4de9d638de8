import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { Notifier } from './notifier';

/**
 * Copies `value` to the clipboard. Uses the CDK clipboard (a hidden textarea + copy command), which
 * also works when the console is served over plain http, where `navigator.clipboard` is unavailable.
 */
@Component({
  selector: 'sy-copy-button',
  imports: [MatButtonModule, MatIconModule],
  template: `
    <button matButton="tonal" type="button" (click)="copy()" [attr.data-testid]="testId()">
      <mat-icon aria-hidden="true">{{ copied() ? 'check' : 'content_copy' }}</mat-icon>
      {{ copied() ? 'Copied' : label() }}
    </button>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CopyButton {
  private readonly clipboard = inject(Clipboard);
  private readonly notifier = inject(Notifier);

  readonly value = input.required<string>();
  readonly label = input('Copy');
  readonly testId = input('copy-button');

  protected readonly copied = signal(false);

  protected copy(): void {
    if (this.clipboard.copy(this.value())) {
      this.copied.set(true);
      this.notifier.success('Copied to the clipboard');
    } else {
      this.copied.set(false);
      this.notifier.failure('Could not copy to the clipboard. Select the text and copy it by hand.');
    }
  }
}
