import { CurrencyPipe, DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { ActivatedRoute, Router } from '@angular/router';
import type { LogFilters, Page, RequestLogItem } from '@switchyard/contracts';
import { catchError, distinctUntilChanged, EMPTY, filter, interval, map, merge, of, Subject, switchMap, tap } from 'rxjs';
import { EmptyState } from '../shared/empty-state';
import { httpErrorMessage } from '../shared/http-error-message';
import { LogDetailData, LogDetailDialog } from './log-detail-dialog';
import { LogFilterBar } from './log-filter-bar';
import { LogLookups } from './log-lookups';
import { hasFilters, LogQuery, PAGE_SIZES, queryFromParams, queryToParams, sameQuery } from './log-query';
import { LogsService } from './logs.service';
import { StatusChip } from './status-chip';

/** While auto-refresh is on and the newest page is shown, it is reloaded this often. */
export const AUTO_REFRESH_MS = 5000;

type Load = 'show-progress' | 'silent';

/** The request log: filters in the URL, keyset pages (newer/older), details in a side sheet, export. */
@Component({
  selector: 'sy-log-list',
  imports: [
    CurrencyPipe,
    DatePipe,
    DecimalPipe,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatProgressBarModule,
    MatSelectModule,
    MatSlideToggleModule,
    MatTableModule,
    MatTooltipModule,
    EmptyState,
    LogFilterBar,
    StatusChip,
  ],
  templateUrl: './log-list.html',
  styleUrl: './log-list.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LogList {
  private readonly logs = inject(LogsService);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly dialog = inject(MatDialog);
  private readonly lookups = inject(LogLookups);
  private readonly pageChanges = new Subject<void>();

  protected readonly pageSizes = PAGE_SIZES;
  protected readonly columns = ['createdAt', 'user', 'model', 'status', 'latency', 'ttft', 'tokens', 'cost', 'stream'];
  protected readonly query = signal<LogQuery>(queryFromParams(this.route.snapshot.queryParamMap));
  /** Cursors of the pages walked through, newest first; the last one is the page shown (null = newest). */
  protected readonly cursors = signal<(string | null)[]>([null]);
  protected readonly page = signal<Page<RequestLogItem> | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly autoRefresh = signal(false);

  protected readonly onNewestPage = computed(() => this.cursors().length === 1);
  protected readonly filtered = computed(() => hasFilters(this.query().filters));
  protected readonly lookupsResult = toSignal(this.lookups.load(), { initialValue: null });
  protected readonly users = computed(() => this.lookupsResult()?.users ?? []);
  protected readonly models = computed(() => this.lookupsResult()?.models ?? []);
  protected readonly lookupError = computed(() => this.lookupsResult()?.error ?? null);
  private readonly userNames = computed(() => new Map(this.users().map((u) => [u.id, u.name])));
  protected readonly exportCsv = computed(() => this.logs.exportUrl('csv', this.query().filters));
  protected readonly exportJsonl = computed(() => this.logs.exportUrl('jsonl', this.query().filters));

  constructor() {
    const fromUrl = this.route.queryParamMap.pipe(
      map(queryFromParams),
      distinctUntilChanged(sameQuery),
      tap((query) => {
        this.query.set(query);
        this.cursors.set([null]);
      }),
      map((): Load => 'show-progress'),
    );
    const ticks = toObservable(this.autoRefresh).pipe(
      switchMap((on) => (on ? interval(AUTO_REFRESH_MS) : EMPTY)),
      filter(() => this.onNewestPage()),
      map((): Load => 'silent'),
    );
    merge(fromUrl, this.pageChanges.pipe(map((): Load => 'show-progress')), ticks)
      .pipe(
        switchMap((load) => {
          if (load === 'show-progress') {
            this.loading.set(true);
          }
          const { filters, limit } = this.query();
          return this.logs.list(filters, limit, this.cursors().at(-1) ?? null).pipe(
            map((page) => ({ page, error: null })),
            catchError((error: unknown) => of({ page: null, error: httpErrorMessage(error, 'Could not load the request log.') })),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe(({ page, error }) => {
        this.loading.set(false);
        this.error.set(error);
        if (page) {
          this.page.set(page);
        }
      });
  }

  protected userName(userId: string | null): string {
    if (!userId) return '—';
    return this.userNames().get(userId) ?? `${userId.slice(0, 8)}…`;
  }

  protected applyFilters(filters: LogFilters): void {
    this.navigate({ ...this.query(), filters });
  }

  protected setPageSize(limit: number): void {
    this.navigate({ ...this.query(), limit });
  }

  protected showOlder(): void {
    const next = this.page()?.nextCursor;
    if (next) {
      this.cursors.update((stack) => [...stack, next]);
      this.pageChanges.next();
    }
  }

  protected showNewer(): void {
    if (!this.onNewestPage()) {
      this.cursors.update((stack) => stack.slice(0, -1));
      this.pageChanges.next();
    }
  }

  protected retry(): void {
    this.pageChanges.next();
  }

  protected setAutoRefresh(on: boolean): void {
    this.autoRefresh.set(on);
  }

  protected openDetail(row: RequestLogItem): void {
    const data: LogDetailData = { id: row.id, userName: row.userId ? (this.userNames().get(row.userId) ?? null) : null };
    this.dialog.open(LogDetailDialog, {
      data,
      position: { right: '0', top: '0' },
      height: '100%',
      width: 'min(640px, 100vw)',
      maxWidth: '100vw',
      panelClass: 'sy-side-sheet',
      autoFocus: 'dialog',
    });
  }

  private navigate(query: LogQuery): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: queryToParams(query), queryParamsHandling: 'merge' });
  }
}
