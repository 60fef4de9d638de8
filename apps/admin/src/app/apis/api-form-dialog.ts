import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
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
import { API_PROVIDERS, ApiProviderOption, providerOption, providerOptions } from './api-providers';
import {
  buildApiForm,
  buildHeaderRow,
  fillApiForm,
  MAX_API_VERSION_LENGTH,
  MAX_TIMEOUT_MS,
  MIN_TIMEOUT_MS,
  toCreateApiRequest,
  toUpdateApiRequest,
} from './api-form';
import { ApisService } from './apis.service';
import { ProvidersService } from './providers.service';

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
  private readonly providersService = inject(ProvidersService);
  private readonly notifier = inject(Notifier);
  private readonly dialogRef = inject<MatDialogRef<ApiFormDialog, ApiResponse>>(MatDialogRef);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly existing = inject<ApiFormDialogData | null>(MAT_DIALOG_DATA, { optional: true })?.api;
  protected readonly form = buildApiForm(this.fb, this.existing === undefined);
  /** The gateway's registered providers; the built-in list until they arrive, and if they cannot be loaded. */
  protected readonly providers = signal<readonly ApiProviderOption[]>(
    providerOptions(
      API_PROVIDERS.map((p) => p.value),
      this.existing?.provider,
    ),
  );
  protected readonly providersFallback = signal(false);
  private readonly providerValue = toSignal(this.form.controls.provider.valueChanges, { initialValue: this.form.controls.provider.value });
  /** Hints, placeholders and the API version field of the selected provider. */
  protected readonly selectedProvider = computed(() => providerOption(this.providerValue()));
  protected readonly maxApiVersionLength = MAX_API_VERSION_LENGTH;
  protected readonly minTimeoutMs = MIN_TIMEOUT_MS;
  protected readonly maxTimeoutMs = MAX_TIMEOUT_MS;
  protected readonly saving = signal(false);
  protected readonly serverErrors = signal<string[]>([]);
  protected readonly showKey = signal(false);

  constructor() {
    if (this.existing) {
      fillApiForm(this.fb, this.form, this.existing);
    }
    this.loadProviders();
  }

  /** Opens the dialog; emits the saved API, or `undefined` when cancelled. */
  static open(dialog: MatDialog, data: ApiFormDialogData = {}): Observable<ApiResponse | undefined> {
    return dialog
      .open<ApiFormDialog, ApiFormDialogData, ApiResponse>(ApiFormDialog, { data, width: '720px', maxWidth: '95vw' })
      .afterClosed();
  }

  private loadProviders(): void {
    this.providersService
      .list()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (providers) =>
          this.providers.set(
            providerOptions(
              providers.map((p) => p.name),
              this.existing?.provider,
            ),
          ),
        error: () => this.providersFallback.set(true),
      });
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
      ? this.apis.update(this.existing.id, toUpdateApiRequest(value, this.existing.provider))
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
