import type { StatsPoint, StatsResponse, TopModel, TopUser } from '@switchyard/contracts';
import { addHistogram, emptyHistogram, percentile } from './histogram';
import { WindowGeometry } from './stats-window';

/**
 * One series bucket as a query returns it (from rollups or from raw rows): `t` in epoch seconds,
 * histograms as comma-separated counts.
 */
export interface BucketRow {
  t: number;
  requests: number;
  errors: number;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number;
  latency_hist: string;
  ttft_hist: string;
}

export interface TopRow {
  key: string;
  name?: string | null;
  requests: number;
  errors: number;
  tokens: number;
  cost_usd: number;
}

interface Accumulator {
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  latency: number[];
  ttft: number[];
}

const empty = (): Accumulator => ({
  requests: 0,
  errors: 0,
  promptTokens: 0,
  completionTokens: 0,
  costUsd: 0,
  latency: emptyHistogram(),
  ttft: emptyHistogram(),
});

function add(into: Accumulator, row: BucketRow | Accumulator): void {
  const isRow = 'prompt_tokens' in row;
  into.requests += row.requests;
  into.errors += row.errors;
  into.promptTokens += isRow ? row.prompt_tokens : row.promptTokens;
  into.completionTokens += isRow ? row.completion_tokens : row.completionTokens;
  into.costUsd += isRow ? row.cost_usd : row.costUsd;
  addHistogram(into.latency, isRow ? parseCounts(row.latency_hist) : row.latency);
  addHistogram(into.ttft, isRow ? parseCounts(row.ttft_hist) : row.ttft);
}

const parseCounts = (text: string): number[] => text.split(',').map(Number);

/** USD amounts are stored with 8 decimals; sums of floats are brought back to them. */
const usd = (v: number) => Math.round(v * 1e8) / 1e8;

/**
 * Merges the rollup and raw buckets into the response: every bucket of the window is present (zeros
 * when nothing happened), totals are the sum of the buckets, percentiles come from merged histograms.
 */
export function toStatsResponse(
  geometry: WindowGeometry,
  now: Date,
  buckets: readonly BucketRow[],
  topUsers: readonly TopRow[],
  topModels: readonly TopRow[],
): StatsResponse {
  const byStart = new Map<number, Accumulator>();
  for (const row of buckets) {
    const t = row.t * 1000;
    if (t < geometry.start.getTime() || t >= geometry.end.getTime()) continue;
    let acc = byStart.get(t);
    if (!acc) byStart.set(t, (acc = empty()));
    add(acc, row);
  }
  const totals = empty();
  const series: StatsPoint[] = [];
  for (let i = 0; i < geometry.points; i++) {
    const t = geometry.start.getTime() + i * geometry.bucketSeconds * 1000;
    const acc = byStart.get(t) ?? empty();
    add(totals, acc);
    series.push({
      t: new Date(t).toISOString(),
      requests: acc.requests,
      errors: acc.errors,
      p50LatencyMs: percentile(acc.latency, 0.5),
      p95LatencyMs: percentile(acc.latency, 0.95),
      promptTokens: acc.promptTokens,
      completionTokens: acc.completionTokens,
      costUsd: usd(acc.costUsd),
    });
  }
  return {
    window: geometry.window,
    generatedAt: now.toISOString(),
    bucketSeconds: geometry.bucketSeconds,
    totals: {
      requests: totals.requests,
      errors: totals.errors,
      errorRate: totals.requests === 0 ? 0 : totals.errors / totals.requests,
      promptTokens: totals.promptTokens,
      completionTokens: totals.completionTokens,
      costUsd: usd(totals.costUsd),
    },
    latency: { p50: percentile(totals.latency, 0.5), p95: percentile(totals.latency, 0.95), p99: percentile(totals.latency, 0.99) },
    ttft: { p50: percentile(totals.ttft, 0.5) },
    series,
    topUsers: topUsers.map(toTopUser),
    topModels: topModels.map(toTopModel),
  };
}

function toTopUser(row: TopRow): TopUser {
  return { userId: row.key, name: row.name ?? null, ...counts(row) };
}

function toTopModel(row: TopRow): TopModel {
  return { model: row.key, ...counts(row) };
}

function counts(row: TopRow): Omit<TopModel, 'model'> {
  return { requests: row.requests, errors: row.errors, totalTokens: row.tokens, costUsd: usd(row.cost_usd) };
}
