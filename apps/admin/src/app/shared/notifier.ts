import { inject, Injectable } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { httpErrorMessage } from './http-error-message';

/** Success and failure messages after a mutation, in a snackbar; failures stay longer and are announced assertively. */
@Injectable({ providedIn: 'root' })
export class Notifier {
  private readonly snackBar = inject(MatSnackBar);

  success(message: string): void {
    this.snackBar.open(message, 'OK', { duration: 4000 });
  }

  failure(message: string): void {
    this.snackBar.open(message, 'Dismiss', { duration: 10000, politeness: 'assertive' });
  }

  /** `action` says what failed ("Could not delete API "x""), the server's words say why. */
  httpFailure(action: string, error: unknown): void {
    this.failure(`${action}: ${httpErrorMessage(error, 'unexpected error, please try again')}`);
  }
}
