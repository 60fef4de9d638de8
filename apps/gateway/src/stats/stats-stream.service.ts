import { BeforeApplicationShutdown, Injectable, Logger, MessageEvent } from '@nestjs/common';
import type { StatsWindow } from '@switchyard/contracts';
import { catchError, defer, EMPTY, exhaustMap, finalize, from, map, Observable, ReplaySubject, takeUntil, timer } from 'rxjs';
import { StatsService } from './stats.service';

export const STATS_STREAM_INTERVAL_MS = 5_000;

/**
 * Server-sent statistics: a first event at once, then one every STATS_STREAM_INTERVAL_MS. The producer
 * stops when the client goes (Nest unsubscribes) and every stream completes when the app shuts down,
 * so an open dashboard never holds `app.close()` up.
 */
@Injectable()
export class StatsStreams implements BeforeApplicationShutdown {
  private readonly logger = new Logger(StatsStreams.name);
  // Replays to streams opened during shutdown, which then end at once.
  private readonly shutdown$ = new ReplaySubject<void>(1);
  private open = 0;

  constructor(private readonly stats: StatsService) {}

  /** Streams open right now (for tests and diagnostics). */
  get active(): number {
    return this.open;
  }

  stream(window: StatsWindow): Observable<MessageEvent> {
    return defer(() => {
      this.open++;
      return timer(0, STATS_STREAM_INTERVAL_MS).pipe(
        // A tick that finds the previous query still running is skipped rather than piling up.
        exhaustMap(() =>
          from(this.stats.get(window)).pipe(
            catchError((err: unknown) => {
              this.logger.warn(`statistics for the stream failed: ${err instanceof Error ? err.message : String(err)}`);
              return EMPTY;
            }),
          ),
        ),
        map((data): MessageEvent => ({ data })),
        takeUntil(this.shutdown$),
        finalize(() => this.open--),
      );
    });
  }

  beforeApplicationShutdown(): void {
    this.shutdown$.next();
  }
}
