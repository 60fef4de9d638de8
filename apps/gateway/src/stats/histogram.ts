/**
 * Latency histograms of the statistics. Bucket k (0-based) holds values in [BOUNDS[k-1], BOUNDS[k]):
 * bucket 0 is below 1 ms and the last bucket is 600 000 ms (10 min) and above. The bounds grow by
 * about 1.26x (ten per decade, rounded), so a percentile interpolated inside its bucket is off by at
 * most a quarter of the value, and usually far less.
 *
 * Stored in `request_stats_hourly.latency_hist` / `ttft_hist` (int[] of BUCKET_COUNT counts): changing
 * these bounds needs a migration that recomputes (or drops) the stored rollups.
 */
export const HISTOGRAM_BOUNDS_MS: readonly number[] = [
  1, 2, 3, 4, 5, 6, 8,
  10, 13, 16, 20, 25, 32, 40, 50, 63, 80,
  100, 130, 160, 200, 250, 320, 400, 500, 630, 800,
  1_000, 1_300, 1_600, 2_000, 2_500, 3_200, 4_000, 5_000, 6_300, 8_000,
  10_000, 13_000, 16_000, 20_000, 25_000, 32_000, 40_000, 50_000, 63_000, 80_000,
  100_000, 130_000, 160_000, 200_000, 250_000, 320_000, 400_000, 500_000, 600_000,
]; // prettier-ignore

export const BUCKET_COUNT = HISTOGRAM_BOUNDS_MS.length + 1;

/** The bounds as a PostgreSQL array literal, for `width_bucket(value, <this>)`. */
export const BOUNDS_SQL = `'{${HISTOGRAM_BOUNDS_MS.join(',')}}'::int[]`;

/** Index of the bucket holding `ms`, as PostgreSQL's `width_bucket(ms, bounds)` computes it. */
export function bucketOf(ms: number): number {
  let lo = 0;
  let hi = HISTOGRAM_BOUNDS_MS.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (HISTOGRAM_BOUNDS_MS[mid] <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** [lower, upper) of bucket `k`; the open-ended last bucket reports its lower bound as both. */
export function bucketRange(k: number): [number, number] {
  const lower = k === 0 ? 0 : HISTOGRAM_BOUNDS_MS[k - 1];
  const upper = k < HISTOGRAM_BOUNDS_MS.length ? HISTOGRAM_BOUNDS_MS[k] : lower;
  return [lower, upper];
}

export function emptyHistogram(): number[] {
  return new Array<number>(BUCKET_COUNT).fill(0);
}

/** Adds `source` into `target` bucket by bucket. */
export function addHistogram(target: number[], source: readonly number[]): void {
  for (let k = 0; k < BUCKET_COUNT; k++) target[k] += source[k] ?? 0;
}

/**
 * The q-quantile (0..1) of a histogram, interpolated linearly inside the bucket where the cumulative
 * count reaches q·total (as Prometheus' histogram_quantile does). Null when the histogram is empty.
 */
export function percentile(histogram: readonly number[], q: number): number | null {
  const total = histogram.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = Math.min(Math.max(q, 0), 1) * total;
  let before = 0;
  for (let k = 0; k < histogram.length; k++) {
    const count = histogram[k];
    if (count > 0 && before + count >= rank) {
      const [lower, upper] = bucketRange(k);
      return round1(lower + ((rank - before) / count) * (upper - lower));
    }
    before += count;
  }
  return round1(bucketRange(histogram.length - 1)[0]);
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/**
 * SQL: a dense int[] histogram from sparse parallel arrays of bucket numbers and counts (either may be
 * NULL: all zeros). Used once per group, so its cost does not grow with the number of rows.
 */
export function denseHistogramSql(bucketsArray: string, countsArray: string): string {
  return `ARRAY(SELECT coalesce(u.n, 0) FROM generate_series(0, ${BUCKET_COUNT - 1}) AS i
    LEFT JOIN unnest(${bucketsArray}, ${countsArray}) AS u(k, n) ON u.k = i ORDER BY i)::int[]`;
}

/** SQL: element-wise sum of the int[] histograms in `column` across a group (for a few hundred rows). */
export function sumHistogramsSql(column: string): string {
  const sums = Array.from({ length: BUCKET_COUNT }, (_, k) => `coalesce(sum(${column}[${k + 1}]), 0)`);
  return `ARRAY[${sums.join(', ')}]`;
}
