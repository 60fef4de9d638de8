import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule } from '@angular/material/dialog';
import { map, Observable } from 'rxjs';

export interface ConfirmDialogData {
  readonly title: string;
  readonly message: string;
  /** Label of the confirming button, a verb: "Delete", "Rotate key". */
  readonly confirmLabel: string;
  /** Paints the confirming button in the error colour (deletes, key rotation). */
  readonly destructive?: boolean;
}

/** "Are you sure?" before an action that cannot be undone. Closes with `true` only on confirm. */
@Component({
  selector: 'sy-confirm-dialog',
  imports: [MatButtonModule, MatDialogModule],
  host: { 'data-testid': 'confirm-dialog' },
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content>
      <p class="message">{{ data.message }}</p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button matButton type="button" [mat-dialog-close]="false" data-testid="cancel">Cancel</button>
      <button matButton="filled" type="button" [class.destructive]="data.destructive" [mat-dialog-close]="true" data-testid="confirm">
        {{ data.confirmLabel }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .message {
      margin: 0;
      white-space: pre-line;
    }
    .destructive {
      --mat-button-filled-container-color: var(--mat-sys-error);
      --mat-button-filled-label-text-color: var(--mat-sys-on-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConfirmDialog {
  protected readonly data = inject<ConfirmDialogData>(MAT_DIALOG_DATA);

  /** Opens the dialog; emits once, `true` when confirmed and `false` when cancelled or dismissed. */
  static open(dialog: MatDialog, data: ConfirmDialogData): Observable<boolean> {
    return dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data, width: '440px', maxWidth: '95vw' })
      .afterClosed()
      .pipe(map((confirmed) => confirmed === true));
  }
}
