import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import type { AliasResponse, ApiResponse } from '@switchyard/contracts';
import { Observable } from 'rxjs';
import { ApisService } from '../apis/apis.service';
import { FormErrors } from '../shared/form-errors';
import { httpErrorMessage, httpErrorMessages } from '../shared/http-error-message';
import { Notifier } from '../shared/notifier';
import { ALIAS_STRATEGIES, buildAliasForm, buildTargetRow, fillAliasForm, MAX_TARGETS, toAliasRequest } from './alias-form';
import { AliasesService } from './aliases.service';

export interface AliasFormDialogData {
  /** The alias to edit; absent to create one. */
  readonly alias?: AliasResponse;
}

/** Create or edit an alias and its target APIs. Saves itself and closes with the saved alias. */
@Component({
  selector: 'sy-alias-form-dialog',
  imports: [
    ReactiveFormsModule,
    FormErrors,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MatSlideToggleModule,
  ],
  host: { 'data-testid': 'alias-form-dialog' },
  templateUrl: './alias-form-dialog.html',
  styleUrl: './alias-form-dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AliasFormDialog {
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly aliases = inject(AliasesService);
  private readonly apisService = inject(ApisService);
  private readonly notifier = inject(Notifier);
  private readonly dialogRef = inject<MatDialogRef<AliasFormDialog, AliasResponse>>(MatDialogRef);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly existing = inject<AliasFormDialogData | null>(MAT_DIALOG_DATA, { optional: true })?.alias;
  protected readonly form = buildAliasForm(this.fb);
  protected readonly strategies = ALIAS_STRATEGIES;
  protected readonly maxTargets = MAX_TARGETS;
  protected readonly apis = signal<readonly ApiResponse[]>([]);
  protected readonly apisLoading = signal(true);
  protected readonly apisError = signal<string | null>(null);
  protected readonly noApis = computed(() => !this.apisLoading() && !this.apisError() && this.apis().length === 0);
  protected readonly saving = signal(false);
  protected readonly serverErrors = signal<string[]>([]);

  constructor() {
    if (this.existing) {
      fillAliasForm(this.fb, this.form, this.existing);
    } else {
      this.addTarget();
    }
    this.apisService
      .list()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (apis) => {
          this.apis.set(apis);
          this.apisLoading.set(false);
        },
        error: (error: unknown) => {
          this.apisError.set(httpErrorMessage(error, 'The upstream APIs could not be loaded.'));
          this.apisLoading.set(false);
        },
      });
  }

  /** Opens the dialog; emits the saved alias, or `undefined` when cancelled. */
  static open(dialog: MatDialog, data: AliasFormDialogData = {}): Observable<AliasResponse | undefined> {
    return dialog
      .open<AliasFormDialog, AliasFormDialogData, AliasResponse>(AliasFormDialog, { data, width: '720px', maxWidth: '95vw' })
      .afterClosed();
  }

  protected strategyHint(value: string): string {
    return this.strategies.find((s) => s.value === value)?.hint ?? '';
  }

  protected addTarget(): void {
    this.form.controls.targets.push(buildTargetRow(this.fb));
  }

  protected removeTarget(index: number): void {
    this.form.controls.targets.removeAt(index);
    this.form.controls.targets.markAsTouched();
  }

  protected saveAlias(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const request = toAliasRequest(this.form.getRawValue());
    const save = this.existing ? this.aliases.update(this.existing.id, request) : this.aliases.create(request);
    this.saving.set(true);
    this.serverErrors.set([]);
    save.pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: (saved) => this.dialogRef.close(saved),
      error: (error: unknown) => {
        this.saving.set(false);
        this.serverErrors.set(httpErrorMessages(error, 'The alias could not be saved. Please try again.'));
        this.notifier.failure(`Could not ${this.existing ? 'save' : 'create'} the alias; see the form for details`);
      },
    });
  }
}
