import { TestBed } from '@angular/core/testing';
import type { StatsResponse } from '@switchyard/contracts';
import { of, Subject, throwError } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configureAdminTestBed } from '../shared/testing/material-testing';
import { STATS_POLL_MS, StatsFeed, StatsFeedEvent } from './stats-feed';
import { StatsService } from './stats.service';

const SNAPSHOT = { window: '1h', totals: { requests: 1 } } as StatsResponse;

describe('StatsFeed', () => {
  let stream: Subject<StatsResponse>;
  let get: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    vi.useFakeTimers();
    stream = new Subject<StatsResponse>();
    get = vi.fn(() => of(SNAPSHOT));
    configureAdminTestBed({ provide: StatsService, useValue: { get, stream: () => stream } });
  });

  afterEach(() => vi.useRealTimers());

  function watch(): StatsFeedEvent[] {
    const events: StatsFeedEvent[] = [];
    TestBed.inject(StatsFeed)
      .watch('1h')
      .subscribe((event) => events.push(event));
    return events;
  }

  it('sends a snapshot, then stream messages marked live', () => {
    const events = watch();
    stream.next(SNAPSHOT);

    expect(events).toEqual([
      { kind: 'stats', stats: SNAPSHOT, live: false },
      { kind: 'stats', stats: SNAPSHOT, live: true },
    ]);
  });

  it('falls back to polling every 10 s when the stream fails', () => {
    const events = watch();
    stream.error(new Error('gone'));

    expect(events.at(-1)).toEqual({ kind: 'polling' });
    expect(get).toHaveBeenCalledTimes(1);

    vi.advanceTimersByTime(STATS_POLL_MS);
    expect(get).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(STATS_POLL_MS);
    expect(get).toHaveBeenCalledTimes(3);
    expect(events.at(-1)).toEqual({ kind: 'stats', stats: SNAPSHOT, live: false });
  });

  it('keeps polling after a failed poll and reports it in words', () => {
    const events = watch();
    stream.error(new Error('gone'));
    get.mockReturnValueOnce(throwError(() => new Error('boom')));

    vi.advanceTimersByTime(STATS_POLL_MS);
    expect(events.at(-1)).toEqual({ kind: 'error', message: 'Could not load the statistics.' });

    vi.advanceTimersByTime(STATS_POLL_MS);
    expect(events.at(-1)).toEqual({ kind: 'stats', stats: SNAPSHOT, live: false });
  });
});
