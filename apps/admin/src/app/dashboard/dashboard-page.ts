import { CurrencyPipe, DatePipe, DecimalPipe, PercentPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { Router, RouterLink } from '@angular/router';
import type { StatsResponse, StatsWindow } from '@switchyard/contracts';
import { map, merge, Subject, switchMap, tap } from 'rxjs';
import { EmptyState } from '../shared/empty-state';
import { StatsFeed, StatsFeedEvent } from './stats-feed';
import { ChartSeries, TimeSeriesChart } from './time-series-chart';

interface WindowOption {
  value: StatsWindow;
  label: string;
  /** Completes "in the …", "No traffic in the …". */
  phrase: string;
}

const WINDOWS: readonly WindowOption[] = [
  { value: '1h', label: '1 h', phrase: 'last hour' },
  { value: '24h', label: '24 h', phrase: 'last 24 hours' },
  { value: '7d', label: '7 d', phrase: 'last 7 days' },
];
const DEFAULT_WINDOW = WINDOWS[1];

/** Traffic at a glance for a chosen window, kept current by the stats stream. */
@Component({
  selector: 'sy-dashboard-page',
  imports: [
    CurrencyPipe,
    DatePipe,
    DecimalPipe,
    PercentPipe,
    RouterLink,
    MatButtonModule,
    MatButtonToggleModule,
    MatCardModule,
    MatIconModule,
    MatProgressBarModule,
    MatTableModule,
    EmptyState,
    TimeSeriesChart,
  ],
  templateUrl: './dashboard-page.html',
  styleUrl: './dashboard-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DashboardPage {
  private readonly feed = inject(StatsFeed);
  private readonly router = inject(Router);
  private readonly retries = new Subject<void>();

  /** `?window=` query parameter (1h, 24h, 7d); anything else means 24 h. */
  readonly window = input<string>();

  protected readonly windows = WINDOWS;
  protected readonly selected = computed(() => WINDOWS.find((w) => w.value === this.window()) ?? DEFAULT_WINDOW);
  protected readonly stats = signal<StatsResponse | null>(null);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  /** True while snapshots arrive over the server-sent stream. */
  protected readonly live = signal(false);
  /** True once the stream failed and the page polls instead. */
  protected readonly polling = signal(false);
  protected readonly updatedAt = signal<Date | null>(null);

  protected readonly empty = computed(() => this.stats()?.totals.requests === 0);
  protected readonly times = computed(() => this.stats()?.series.map((point) => point.t) ?? []);
  protected readonly requestSeries = computed<ChartSeries[]>(() => {
    const series = this.stats()?.series ?? [];
    return [
      { label: 'Requests', values: series.map((p) => p.requests), color: 'var(--mat-sys-primary)', area: true },
      { label: 'Errors', values: series.map((p) => p.errors), color: 'var(--mat-sys-error)' },
    ];
  });
  protected readonly latencySeries = computed<ChartSeries[]>(() => {
    const series = this.stats()?.series ?? [];
    return [
      { label: 'p50', values: series.map((p) => p.p50LatencyMs), color: 'var(--mat-sys-primary)' },
      // The theme's tertiary is another blue; the slow tail gets a warm colour that reads in both schemes.
      { label: 'p95', values: series.map((p) => p.p95LatencyMs), color: 'light-dark(#b25e00, #ffb870)' },
    ];
  });
  protected readonly userColumns = ['name', 'requests', 'errors', 'totalTokens', 'costUsd'];
  protected readonly modelColumns = ['model', 'requests', 'errors', 'totalTokens', 'costUsd'];

  constructor() {
    const windows = toObservable(computed(() => this.selected().value)).pipe(tap(() => this.stats.set(null)));
    merge(windows, this.retries.pipe(map(() => this.selected().value)))
      .pipe(
        tap(() => {
          this.loading.set(true);
          this.error.set(null);
          this.live.set(false);
          this.polling.set(false);
        }),
        switchMap((window) => this.feed.watch(window)),
        takeUntilDestroyed(),
      )
      .subscribe((event) => this.apply(event));
  }

  protected selectWindow(window: StatsWindow): void {
    void this.router.navigate([], { queryParams: { window }, queryParamsHandling: 'merge', replaceUrl: true });
  }

  protected retry(): void {
    this.retries.next();
  }

  private apply(event: StatsFeedEvent): void {
    switch (event.kind) {
      case 'stats':
        this.stats.set(event.stats);
        this.live.set(event.live);
        this.error.set(null);
        this.updatedAt.set(new Date());
        break;
      case 'error':
        this.error.set(event.message);
        break;
      case 'polling':
        this.live.set(false);
        this.polling.set(true);
        return;
    }
    this.loading.set(false);
  }
}
