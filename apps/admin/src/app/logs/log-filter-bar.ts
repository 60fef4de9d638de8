import { ChangeDetectionStrategy, Component, effect, inject, input, output } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { LogFilters } from '@switchyard/contracts';
import { debounceTime } from 'rxjs';
import { fromLocalInput, sameFilters, toLocalInput } from './log-query';

/** A user in the filter's select. */
export interface UserOption {
  id: string;
  name: string;
}

type StreamChoice = 'any' | 'yes' | 'no';

/** Typing settles for this long before the filters apply; Enter or "Apply" applies at once. */
const APPLY_DELAY_MS = 500;

/** The logs page's filters: time range, user, model, status, streamed, text in the error. */
@Component({
  selector: 'sy-log-filter-bar',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule],
  templateUrl: './log-filter-bar.html',
  styleUrl: './log-filter-bar.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LogFilterBar {
  /** The filters in effect (from the URL). */
  readonly filters = input.required<LogFilters>();
  readonly users = input<readonly UserOption[]>([]);
  readonly models = input<readonly string[]>([]);
  readonly filtersChange = output<LogFilters>();

  protected readonly statusClasses = ['2xx', '4xx', '5xx'];
  protected readonly statusCodes = ['400', '401', '403', '404', '408', '413', '422', '429', '500', '502', '503', '504'];

  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    from: [''],
    to: [''],
    userId: [''],
    model: [''],
    status: [''],
    stream: this.fb.control<StreamChoice>('any'),
    q: [''],
  });

  constructor() {
    // The URL is the source of truth: back/forward and "clear" land here and refill the form quietly.
    effect(() => this.form.setValue(toForm(this.filters()), { emitEvent: false }));
    this.form.valueChanges.pipe(debounceTime(APPLY_DELAY_MS), takeUntilDestroyed()).subscribe(() => this.applyFilters());
  }

  protected applyFilters(): void {
    const filters = fromForm(this.form.getRawValue());
    if (!sameFilters(filters, this.filters())) {
      this.filtersChange.emit(filters);
    }
  }

  protected clearFilters(): void {
    this.form.setValue(toForm({}), { emitEvent: false });
    this.applyFilters();
  }
}

type FormValue = ReturnType<LogFilterBar['form']['getRawValue']>;

function toForm(filters: LogFilters): FormValue {
  return {
    from: toLocalInput(filters.from),
    to: toLocalInput(filters.to),
    userId: filters.userId ?? '',
    model: filters.model ?? '',
    status: filters.status ?? '',
    stream: filters.stream === undefined ? 'any' : filters.stream ? 'yes' : 'no',
    q: filters.q ?? '',
  };
}

function fromForm(value: FormValue): LogFilters {
  const filters: LogFilters = {
    from: fromLocalInput(value.from),
    to: fromLocalInput(value.to),
    userId: value.userId || undefined,
    model: value.model || undefined,
    status: value.status || undefined,
    stream: value.stream === 'any' ? undefined : value.stream === 'yes',
    q: value.q.trim() || undefined,
  };
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined));
}
