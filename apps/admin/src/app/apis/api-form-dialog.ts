import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import type { ApiResponse } from '@switchyard/contracts';
import { Observable } from 'rxjs';
import { FormErrors } from '../shared/form-errors';
import { httpErrorMessages } from '../shared/http-error-message';
import { Notifier } from '../shared/notifier';
import { API_PROVIDERS } from './api-providers';
import {
  buildApiForm,
  buildHeaderRow,
  fillApiForm,
  MAX_TIMEOUT_MS,
  MIN_TIMEOUT_MS,
  toCreateApiRequest,
  toUpdateApiRequest,
} from './api-form';
import { ApisService } from './apis.service';

export interface ApiFormDialogData {
  /** The API to edit; absent to create one. */
  readonly api?: ApiResponse;
}

/** Create or edit an upstream API. Saves itself and closes with the saved API; server errors stay in the dialog. */
@Component({
  selector: 'sy-api-form-dialog',
  imports: [
    ReactiveFormsModule,
    FormErrors,
    MatButtonModule,
    MatCheckboxModule,
    MatDialogModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    MatSlideToggleModule,
  ],
  host: { 'data-testid': 'api-form-dialog' },
  templateUrl: './api-form-dialog.html',
  styleUrl: './api-form-dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ApiFormDialog {
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly apis = inject(ApisService);
  private readonly notifier = inject(Notifier);
  private readonly dialogRef = inject<MatDialogRef<ApiFormDialog, ApiResponse>>(MatDialogRef);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly existing = inject<ApiFormDialogData | null>(MAT_DIALOG_DATA, { optional: true })?.api;
  protected readonly form = buildApiForm(this.fb, this.existing === undefined);
  protected readonly providers = API_PROVIDERS;
  protected readonly minTimeoutMs = MIN_TIMEOUT_MS;
  protected readonly maxTimeoutMs = MAX_TIMEOUT_MS;
  protected readonly saving = signal(false);
  protected readonly serverErrors = signal<string[]>([]);
  protected readonly showKey = signal(false);

  constructor() {
    if (this.existing) {
      fillApiForm(this.fb, this.form, this.existing);
    }
  }

  /** Opens the dialog; emits the saved API, or `undefined` when cancelled. */
  static open(dialog: MatDialog, data: ApiFormDialogData = {}): Observable<ApiResponse | undefined> {
    return dialog
      .open<ApiFormDialog, ApiFormDialogData, ApiResponse>(ApiFormDialog, { data, width: '720px', maxWidth: '95vw' })
      .afterClosed();
  }

  protected placeholderFor(provider: string): string {
    return this.providers.find((p) => p.value === provider)?.exampleBaseUrl ?? 'https://…';
  }

  protected addHeader(): void {
    this.form.controls.extraHeaders.push(buildHeaderRow(this.fb));
  }

  protected removeHeader(index: number): void {
    this.form.controls.extraHeaders.removeAt(index);
  }

  protected saveApi(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const value = this.form.getRawValue();
    const request = this.existing
      ? this.apis.update(this.existing.id, toUpdateApiRequest(value))
      : this.apis.create(toCreateApiRequest(value));
    this.saving.set(true);
    this.serverErrors.set([]);
    request.pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: (saved) => this.dialogRef.close(saved),
      error: (error: unknown) => {
        this.saving.set(false);
        this.serverErrors.set(httpErrorMessages(error, 'The API could not be saved. Please try again.'));
        this.notifier.failure(`Could not ${this.existing ? 'save' : 'create'} the API; see the form for details`);
      },
    });
  }
}
