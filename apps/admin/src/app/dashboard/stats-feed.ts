import { inject, Injectable } from '@angular/core';
import type { StatsResponse, StatsWindow } from '@switchyard/contracts';
import { catchError, concat, exhaustMap, map, Observable, of, timer } from 'rxjs';
import { httpErrorMessage } from '../shared/http-error-message';
import { StatsService } from './stats.service';

/** What the dashboard hears: a snapshot (and whether it came from the live stream) or a failure in words. */
export type StatsFeedEvent =
  { kind: 'stats'; stats: StatsResponse; live: boolean } | { kind: 'error'; message: string } | { kind: 'polling' };

/** How often to ask `/api/stats` when the stream is unavailable. */
export const STATS_POLL_MS = 10_000;

/**
 * Keeps the dashboard current: one snapshot right away, then the server-sent stream; if the stream
 * fails (not supported, proxy cuts it, server restarts) it falls back to polling every 10 s.
 */
@Injectable({ providedIn: 'root' })
export class StatsFeed {
  private readonly api = inject(StatsService);

  watch(window: StatsWindow): Observable<StatsFeedEvent> {
    const live = this.api.stream(window).pipe(
      map((stats): StatsFeedEvent => ({ kind: 'stats', stats, live: true })),
      catchError(() => concat(of<StatsFeedEvent>({ kind: 'polling' }), this.poll(window))),
    );
    return concat(this.snapshot(window), live);
  }

  private poll(window: StatsWindow): Observable<StatsFeedEvent> {
    return timer(STATS_POLL_MS, STATS_POLL_MS).pipe(exhaustMap(() => this.snapshot(window)));
  }

  private snapshot(window: StatsWindow): Observable<StatsFeedEvent> {
    return this.api.get(window).pipe(
      map((stats): StatsFeedEvent => ({ kind: 'stats', stats, live: false })),
      catchError((error: unknown) =>
        of<StatsFeedEvent>({ kind: 'error', message: httpErrorMessage(error, 'Could not load the statistics.') }),
      ),
    );
  }
}
