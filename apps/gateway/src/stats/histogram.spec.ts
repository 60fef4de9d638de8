import { addHistogram, BUCKET_COUNT, bucketOf, bucketRange, emptyHistogram, HISTOGRAM_BOUNDS_MS, percentile } from './histogram';

function histogramOf(values: number[]): number[] {
  const h = emptyHistogram();
  for (const v of values) h[bucketOf(v)]++;
  return h;
}

describe('latency histogram', () => {
  it('has strictly increasing bounds from 1 ms to 10 min, each at most 1.3x the previous one from 10 ms on', () => {
    expect(HISTOGRAM_BOUNDS_MS[0]).toBe(1);
    expect(HISTOGRAM_BOUNDS_MS.at(-1)).toBe(600_000);
    expect(BUCKET_COUNT).toBe(HISTOGRAM_BOUNDS_MS.length + 1);
    HISTOGRAM_BOUNDS_MS.slice(1).forEach((b, i) => {
      const previous = HISTOGRAM_BOUNDS_MS[i];
      expect(b).toBeGreaterThan(previous);
      if (previous >= 10) expect(b / previous).toBeLessThanOrEqual(1.3);
    });
  });

  it('puts a value in the bucket whose [lower, upper) holds it, below 1 ms in the first, 10 min and up in the last', () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(1)).toBe(1);
    expect(bucketOf(99)).toBe(bucketOf(80));
    expect(bucketOf(100)).toBe(bucketOf(80) + 1);
    expect(bucketOf(600_000)).toBe(BUCKET_COUNT - 1);
    expect(bucketOf(3_600_000)).toBe(BUCKET_COUNT - 1);
    for (const v of [0, 1, 7, 64, 999, 1000, 1001, 45_000, 599_999]) {
      const [lower, upper] = bucketRange(bucketOf(v));
      expect(v >= lower && v < upper).toBe(true);
    }
  });

  it('interpolates a percentile inside the bucket holding the nearest-rank value', () => {
    // 100 values 10, 20, … 1000: p50 is 500 by nearest rank, in bucket [500, 630).
    const values = Array.from({ length: 100 }, (_, i) => (i + 1) * 10);
    const h = histogramOf(values);
    // 49 values below 500; the bucket [500, 630) holds 500…620 (13 values): 500 + (50 − 49) / 13 × 130.
    expect(percentile(h, 0.5)).toBe(510);
    const p95 = percentile(h, 0.95)!;
    expect(p95).toBeGreaterThanOrEqual(800);
    expect(p95).toBeLessThan(1000);
    expect(percentile(h, 1)).toBeLessThanOrEqual(1300);
    expect(percentile(h, 0)).toBe(10);
  });

  it('stays within a bucket of the exact percentile on log-normal latencies', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) + 0.5) / 2 ** 31;
    const values = Array.from({ length: 5000 }, () => {
      const normal = Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random());
      return Math.round(Math.exp(Math.log(800) + 0.9 * normal));
    });
    const sorted = [...values].sort((a, b) => a - b);
    const h = histogramOf(values);
    for (const q of [0.5, 0.9, 0.95, 0.99]) {
      const exact = sorted[Math.ceil(q * values.length) - 1];
      expect(Math.abs(percentile(h, q)! - exact) / exact).toBeLessThan(0.27);
    }
  });

  it('answers null for an empty histogram and adds histograms bucket by bucket', () => {
    expect(percentile(emptyHistogram(), 0.5)).toBeNull();
    const a = histogramOf([5, 50, 500]);
    addHistogram(a, histogramOf([50, 5000]));
    expect(a.reduce((s, n) => s + n, 0)).toBe(5);
    expect(a[bucketOf(50)]).toBe(2);
  });

  it('reports the lower bound for values in the open-ended last bucket', () => {
    expect(percentile(histogramOf([700_000, 900_000]), 0.5)).toBe(600_000);
  });
});
