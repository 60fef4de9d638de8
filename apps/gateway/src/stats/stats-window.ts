import type { StatsWindow } from '@switchyard/contracts';

export const STATS_WINDOWS = ['1h', '24h', '7d', '30d'] as const satisfies readonly StatsWindow[];

/** The series of each window: bucket length, number of buckets, and whether rollups can serve it. */
const SHAPES: Record<StatsWindow, { bucketSeconds: number; points: number; rawOnly: boolean }> = {
  // One hour is at most two partial hours of raw rows (index on created_at): finer than rollups allow.
  '1h': { bucketSeconds: 300, points: 12, rawOnly: true },
  '24h': { bucketSeconds: 3600, points: 24, rawOnly: false },
  '7d': { bucketSeconds: 3600, points: 168, rawOnly: false },
  '30d': { bucketSeconds: 86_400, points: 30, rawOnly: false },
};

export interface WindowGeometry {
  window: StatsWindow;
  bucketSeconds: number;
  points: number;
  /** Start of the first bucket (inclusive). */
  start: Date;
  /** End of the last bucket (exclusive); the last bucket holds `now` and is partial. */
  end: Date;
  /** Served from raw request_logs rows only. */
  rawOnly: boolean;
}

/**
 * Buckets are aligned to the UTC epoch (5 minutes, hours, UTC days) and the window is a whole number
 * of them ending with the bucket that holds `now`: `24h` is the current hour and the 23 before it.
 */
export function windowGeometry(window: StatsWindow, now: Date): WindowGeometry {
  const shape = SHAPES[window];
  const bucketMs = shape.bucketSeconds * 1000;
  const end = Math.floor(now.getTime() / bucketMs) * bucketMs + bucketMs;
  return { window, ...shape, start: new Date(end - shape.points * bucketMs), end: new Date(end) };
}
