import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { AdminAccount } from '@switchyard/contracts';
import { Observable } from 'rxjs';
import { FormErrors } from '../shared/form-errors';
import { httpErrorMessages } from '../shared/http-error-message';
import { AdminsService } from './admins.service';

export const MIN_PASSWORD = 12;
export const MAX_PASSWORD = 128;

export interface AdminFormDialogData {
  /** Set: change this admin's password. Absent: create an admin. */
  readonly admin?: AdminAccount;
}

/** Creates an admin (closes with it) or sets an admin's password (closes with `true`). Saves itself. */
@Component({
  selector: 'sy-admin-form-dialog',
  imports: [ReactiveFormsModule, FormErrors, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule],
  host: { 'data-testid': 'admin-form-dialog' },
  template: `
    <h2 mat-dialog-title>{{ existing ? 'Change the password of “' + existing.username + '”' : 'Add admin' }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()">
      <mat-dialog-content>
        <sy-form-errors [messages]="serverErrors()" />
        @if (!existing) {
          <mat-form-field appearance="outline">
            <mat-label>Username</mat-label>
            <input matInput formControlName="username" autocomplete="off" />
            @if (form.controls.username.hasError('required')) {
              <mat-error>Username is required</mat-error>
            } @else if (form.controls.username.hasError('pattern')) {
              <mat-error>Letters, digits and . _ &#64; - only, at most 64</mat-error>
            }
          </mat-form-field>
        } @else {
          <p class="hint">Every session of this admin ends.</p>
        }
        <mat-form-field appearance="outline">
          <mat-label>Password</mat-label>
          <input matInput type="password" formControlName="password" autocomplete="new-password" />
          @if (form.controls.password.invalid) {
            <mat-error>{{ passwordRule }}</mat-error>
          }
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button matButton type="button" mat-dialog-close data-testid="cancel">Cancel</button>
        <button matButton="filled" type="submit" [disabled]="saving()" data-testid="save">
          {{ existing ? 'Change password' : 'Add admin' }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    mat-form-field {
      display: block;
      width: 100%;
    }
    .hint {
      margin-top: 0;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminFormDialog {
  private readonly admins = inject(AdminsService);
  private readonly dialogRef = inject<MatDialogRef<AdminFormDialog, AdminAccount | true>>(MatDialogRef);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly existing = inject<AdminFormDialogData | null>(MAT_DIALOG_DATA, { optional: true })?.admin;
  protected readonly passwordRule = `${MIN_PASSWORD} to ${MAX_PASSWORD} characters`;
  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', this.existing ? [] : [Validators.required, Validators.pattern(/^[A-Za-z0-9._@-]{1,64}$/)]],
    password: ['', [Validators.required, Validators.minLength(MIN_PASSWORD), Validators.maxLength(MAX_PASSWORD)]],
  });
  protected readonly saving = signal(false);
  protected readonly serverErrors = signal<string[]>([]);

  /** Emits once: the new admin, `true` after a password change, undefined when cancelled. */
  static open(dialog: MatDialog, data: AdminFormDialogData = {}): Observable<AdminAccount | true | undefined> {
    return dialog
      .open<AdminFormDialog, AdminFormDialogData, AdminAccount | true>(AdminFormDialog, { data, width: '440px', maxWidth: '95vw' })
      .afterClosed();
  }

  protected save(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { username, password } = this.form.getRawValue();
    this.saving.set(true);
    this.serverErrors.set([]);
    const request: Observable<AdminAccount | void> = this.existing
      ? this.admins.changePassword(this.existing.id, password)
      : this.admins.create({ username, password });
    request.pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: (created) => this.dialogRef.close(created ?? true),
      error: (error: unknown) => {
        this.saving.set(false);
        this.serverErrors.set(httpErrorMessages(error, 'The admin could not be saved.'));
      },
    });
  }
}
