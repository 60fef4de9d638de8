import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatChipsModule } from '@angular/material/chips';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { ApiResponse, ApiTestResult } from '@switchyard/contracts';
import { Observable } from 'rxjs';
import { httpErrorMessage } from '../shared/http-error-message';
import { ApisService } from './apis.service';

export interface ApiTestDialogData {
  readonly api: ApiResponse;
}

/** Runs `POST /api/apis/:id/test` when opened (and again on demand) and shows what the upstream answered. */
@Component({
  selector: 'sy-api-test-dialog',
  imports: [MatButtonModule, MatChipsModule, MatDialogModule, MatIconModule, MatProgressBarModule],
  host: { 'data-testid': 'api-test-dialog' },
  templateUrl: './api-test-dialog.html',
  styleUrl: './api-test-dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ApiTestDialog {
  private readonly apis = inject(ApisService);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly api = inject<ApiTestDialogData>(MAT_DIALOG_DATA).api;
  protected readonly testing = signal(false);
  protected readonly result = signal<ApiTestResult | null>(null);
  /** The test call itself failed (API deleted, server down), as opposed to the upstream failing. */
  protected readonly requestError = signal<string | null>(null);

  constructor() {
    this.runTest();
  }

  static open(dialog: MatDialog, api: ApiResponse): Observable<unknown> {
    return dialog.open<ApiTestDialog, ApiTestDialogData>(ApiTestDialog, { data: { api }, width: '560px', maxWidth: '95vw' }).afterClosed();
  }

  protected runTest(): void {
    this.testing.set(true);
    this.result.set(null);
    this.requestError.set(null);
    this.apis
      .test(this.api.id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (result) => {
          this.testing.set(false);
          this.result.set(result);
        },
        error: (error: unknown) => {
          this.testing.set(false);
          this.requestError.set(httpErrorMessage(error, 'The connection test could not be run. Please try again.'));
        },
      });
  }
}
