import { CurrencyPipe, DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { RequestLogDetail } from '@switchyard/contracts';
import { httpErrorMessage } from '../shared/http-error-message';
import { LogsService } from './logs.service';
import { StatusChip } from './status-chip';

export interface LogDetailData {
  id: string;
  /** The user's name, when the page knows it. */
  userName: string | null;
}

/** Side sheet with every field of one logged request, bodies included when they were stored. */
@Component({
  selector: 'sy-log-detail-dialog',
  imports: [CurrencyPipe, DatePipe, DecimalPipe, MatButtonModule, MatDialogModule, MatIconModule, MatProgressBarModule, StatusChip],
  templateUrl: './log-detail-dialog.html',
  styleUrl: './log-detail-dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LogDetailDialog {
  protected readonly data = inject<LogDetailData>(MAT_DIALOG_DATA);
  protected readonly detail = signal<RequestLogDetail | null>(null);
  protected readonly error = signal<string | null>(null);
  /**
   * The attempt that served the call: the last one without an error (the gateway stops after it). Null
   * when every attempt failed, or when there is no trace (the first attempt served the call: the row's
   * API is the one). `attempts` and `apiName` may be absent when an older gateway answers.
   */
  protected readonly servedIndex = computed(() => {
    const attempts = this.detail()?.attempts ?? [];
    const index = attempts.findLastIndex((a) => a.error === null);
    return index === -1 ? null : index;
  });
  protected readonly servedAttempt = computed(() => {
    const index = this.servedIndex();
    return index === null ? null : (this.detail()?.attempts[index] ?? null);
  });

  constructor() {
    inject(LogsService)
      .get(this.data.id)
      .pipe(takeUntilDestroyed())
      .subscribe({
        next: (detail) => this.detail.set({ ...detail, attempts: detail.attempts ?? [], apiName: detail.apiName ?? null }),
        error: (error: unknown) => this.error.set(httpErrorMessage(error, 'Could not load this request.')),
      });
  }

  /** JSON bodies indented for reading; anything else (or cut-off JSON) as stored. */
  protected pretty(body: string): string {
    try {
      return JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      return body;
    }
  }
}
