import { HttpErrorResponse, HttpStatusCode } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import type { ConfigResponse, SettingSchema, SettingValue } from '@switchyard/contracts';
import { catchError, finalize, forkJoin, map, Observable, of, startWith, Subject, switchMap } from 'rxjs';
import { EmptyState } from '../shared/empty-state';
import { httpErrorMessage } from '../shared/http-error-message';
import { Notifier } from '../shared/notifier';
import { ConfigService } from './config.service';
import { SettingControl, settingControl, SettingKind, settingKind, typedValue, validationMessage } from './setting-control';

interface SettingRow {
  schema: SettingSchema;
  kind: SettingKind;
  control: SettingControl;
}

type SaveResult = { row: SettingRow; all: ConfigResponse } | { row: SettingRow; error: unknown };

/** Runtime settings, built entirely from `GET /api/config/schema`; each saved on its own or all at once. */
@Component({
  selector: 'sy-settings-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MatSlideToggleModule,
    EmptyState,
  ],
  templateUrl: './settings-page.html',
  styleUrl: './settings-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SettingsPage {
  private readonly config = inject(ConfigService);
  private readonly notifier = inject(Notifier);
  private readonly destroyRef = inject(DestroyRef);
  private readonly reloads = new Subject<void>();
  /** Bumped on every edit so computed state follows the (non-signal) form controls. */
  private readonly edits = signal(0);

  protected readonly rows = signal<SettingRow[]>([]);
  /** Values as the server last reported them. */
  protected readonly saved = signal<ConfigResponse>({});
  protected readonly loading = signal(true);
  protected readonly loadError = signal<string | null>(null);
  protected readonly saving = signal<ReadonlySet<string>>(new Set());
  protected readonly changedRows = computed(() => {
    this.edits();
    return this.rows().filter((row) => this.isChanged(row));
  });
  protected readonly validationMessage = validationMessage;

  constructor() {
    this.reloads
      .pipe(
        startWith(undefined),
        switchMap(() => {
          this.loading.set(true);
          this.loadError.set(null);
          return forkJoin({ schema: this.config.schema(), values: this.config.getAll() }).pipe(
            catchError((error: unknown) => {
              this.loadError.set(httpErrorMessage(error, 'Could not load the settings.'));
              return of(null);
            }),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe((loaded) => {
        this.loading.set(false);
        if (loaded) {
          this.saved.set(loaded.values);
          this.rows.set(loaded.schema.map((schema) => this.buildRow(schema, loaded.values[schema.key])));
        }
      });
  }

  protected reload(): void {
    this.reloads.next();
  }

  protected isChanged(row: SettingRow): boolean {
    return typedValue(row.schema, row.control.value) !== this.saved()[row.schema.key];
  }

  protected isDefault(row: SettingRow): boolean {
    return typedValue(row.schema, row.control.value) === row.schema.default;
  }

  protected display(value: SettingValue | null | undefined): string {
    if (value === '' || value === null || value === undefined) return '(empty)';
    if (typeof value === 'boolean') return value ? 'on' : 'off';
    return String(value);
  }

  protected resetToDefault(row: SettingRow): void {
    row.control.setValue(row.schema.default);
    row.control.markAsDirty();
  }

  protected saveSetting(row: SettingRow): void {
    if (!this.readyToSave(row)) return;
    this.put(row).subscribe((result) => {
      if ('all' in result) {
        this.notifier.success(`Saved ${row.schema.key}.`);
      } else {
        this.notifier.httpFailure(`Could not save ${row.schema.key}`, result.error);
      }
    });
  }

  protected saveAll(): void {
    const changed = this.changedRows();
    if (!changed.every((row) => this.readyToSave(row))) {
      this.notifier.failure('Fix the highlighted settings before saving.');
      return;
    }
    forkJoin(changed.map((row) => this.put(row))).subscribe((results) => {
      const failed = results.filter((result) => 'error' in result).map((result) => result.row.schema.key);
      const savedCount = results.length - failed.length;
      if (failed.length === 0) {
        this.notifier.success(`Saved ${savedCount} ${savedCount === 1 ? 'setting' : 'settings'}.`);
      } else {
        this.notifier.failure(`Saved ${savedCount}, could not save ${failed.join(', ')}: see the messages under the fields.`);
      }
    });
  }

  private buildRow(schema: SettingSchema, value: SettingValue | undefined): SettingRow {
    const control = settingControl(schema, value);
    control.valueChanges.pipe(takeUntilDestroyed(this.destroyRef)).subscribe(() => this.edits.update((n) => n + 1));
    return { schema, kind: settingKind(schema), control };
  }

  private readyToSave(row: SettingRow): boolean {
    if (row.control.invalid || typedValue(row.schema, row.control.value) === null) {
      row.control.markAsTouched();
      this.edits.update((n) => n + 1);
      return false;
    }
    return true;
  }

  /** PUTs one setting; a 400's message goes under the field. Never errors: failures come back as results. */
  private put(row: SettingRow): Observable<SaveResult> {
    const key = row.schema.key;
    const value = typedValue(row.schema, row.control.value) as SettingValue;
    this.saving.update((keys) => new Set(keys).add(key));
    return this.config.update(key, value).pipe(
      map((all): SaveResult => {
        this.accept(all, key);
        return { row, all };
      }),
      catchError((error: unknown) => {
        if (error instanceof HttpErrorResponse && error.status === HttpStatusCode.BadRequest) {
          row.control.setErrors({ server: httpErrorMessage(error, 'The server rejected this value.') });
          row.control.markAsTouched();
          this.edits.update((n) => n + 1);
        }
        return of<SaveResult>({ row, error });
      }),
      finalize(() =>
        this.saving.update((keys) => {
          const next = new Set(keys);
          next.delete(key);
          return next;
        }),
      ),
      takeUntilDestroyed(this.destroyRef),
    );
  }

  /** Takes the server's full answer; untouched fields follow it too (someone else may have changed them). */
  private accept(all: ConfigResponse, savedKey: string): void {
    this.saved.set(all);
    for (const row of this.rows()) {
      const value = all[row.schema.key];
      if (value !== undefined && (row.schema.key === savedKey || row.control.pristine)) {
        row.control.reset(value);
      }
    }
  }
}
