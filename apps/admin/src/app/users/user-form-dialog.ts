import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { provideNativeDateAdapter } from '@angular/material/core';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectChange, MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import type { UserResponse, UserWithKeyResponse } from '@switchyard/contracts';
import { Observable } from 'rxjs';
import { AliasesService } from '../aliases/aliases.service';
import { FormErrors } from '../shared/form-errors';
import { httpErrorMessage, httpErrorMessages } from '../shared/http-error-message';
import { Notifier } from '../shared/notifier';
import { buildUserForm, fillUserForm, normalizeAllowedModels, toCreateUserRequest, toUpdateUserRequest } from './user-form';
import { ALL_MODELS, BUDGET_PERIODS } from './user-format';
import { UsersService } from './users.service';

export interface UserFormDialogData {
  /** The user to edit; absent to create one (the dialog then closes with the new key). */
  readonly user?: UserResponse;
}

/** Create or edit an API user. Saves itself; create closes with `UserWithKeyResponse`, edit with `UserResponse`. */
@Component({
  selector: 'sy-user-form-dialog',
  imports: [
    ReactiveFormsModule,
    FormErrors,
    MatButtonModule,
    MatDatepickerModule,
    MatDialogModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    MatSlideToggleModule,
  ],
  providers: [provideNativeDateAdapter()],
  host: { 'data-testid': 'user-form-dialog' },
  templateUrl: './user-form-dialog.html',
  styleUrl: './user-form-dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UserFormDialog {
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly aliases = inject(AliasesService);
  private readonly users = inject(UsersService);
  private readonly notifier = inject(Notifier);
  private readonly dialogRef = inject<MatDialogRef<UserFormDialog, UserResponse | UserWithKeyResponse>>(MatDialogRef);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly existing = inject<UserFormDialogData | null>(MAT_DIALOG_DATA, { optional: true })?.user;
  protected readonly form = buildUserForm(this.fb);
  protected readonly allModels = ALL_MODELS;
  protected readonly budgetPeriods = BUDGET_PERIODS;
  protected readonly today = new Date();
  protected readonly aliasNames = signal<readonly string[]>([]);
  protected readonly aliasesError = signal<string | null>(null);
  /** Aliases to offer, plus names the user already has that no longer exist (so saving does not drop them silently). */
  protected readonly modelOptions = computed(() => {
    const known = this.aliasNames();
    const stale = (this.existing?.allowedModels ?? []).filter((m) => m !== ALL_MODELS && !known.includes(m));
    return [...known, ...stale];
  });
  protected readonly saving = signal(false);
  protected readonly serverErrors = signal<string[]>([]);
  private previousModels: readonly string[] = [];

  constructor() {
    if (this.existing) {
      fillUserForm(this.form, this.existing);
    }
    this.previousModels = this.form.controls.allowedModels.value;
    this.aliases
      .list()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (aliases) => this.aliasNames.set(aliases.map((a) => a.alias).sort()),
        error: (error: unknown) => this.aliasesError.set(httpErrorMessage(error, 'The aliases could not be loaded.')),
      });
  }

  /** Opens the dialog; emits the saved user (with its key after a create), or `undefined` when cancelled. */
  static open(dialog: MatDialog, data: UserFormDialogData = {}): Observable<UserResponse | UserWithKeyResponse | undefined> {
    return dialog
      .open<UserFormDialog, UserFormDialogData, UserResponse | UserWithKeyResponse>(UserFormDialog, {
        data,
        width: '720px',
        maxWidth: '95vw',
      })
      .afterClosed();
  }

  /** Keeps "All models" exclusive as the operator picks options. */
  protected pickModels(change: MatSelectChange<string[]>): void {
    const models = normalizeAllowedModels(change.value, this.previousModels);
    this.previousModels = models;
    this.form.controls.allowedModels.setValue(models);
  }

  protected saveUser(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const value = this.form.getRawValue();
    const save: Observable<UserResponse | UserWithKeyResponse> = this.existing
      ? this.users.update(this.existing.id, toUpdateUserRequest(value, this.existing, this.form.controls.expiresAt.dirty))
      : this.users.create(toCreateUserRequest(value));
    this.saving.set(true);
    this.serverErrors.set([]);
    save.pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: (saved) => this.dialogRef.close(saved),
      error: (error: unknown) => {
        this.saving.set(false);
        this.serverErrors.set(httpErrorMessages(error, 'The user could not be saved. Please try again.'));
        this.notifier.failure(`Could not ${this.existing ? 'save' : 'create'} the user; see the form for details`);
      },
    });
  }
}
