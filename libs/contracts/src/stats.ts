export type StatsWindow = '1h' | '24h' | '7d' | '30d';

/** One bucket of the time series (start time, bucket length in `StatsResponse.bucketSeconds`). */
export interface StatsPoint {
  t: string;
  requests: number;
  errors: number;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

export interface TopUser {
  userId: string;
  /** The user's current name; null when the user has been deleted. */
  name: string | null;
  requests: number;
  errors: number;
  totalTokens: number;
  costUsd: number;
}

export interface TopModel {
  model: string;
  requests: number;
  errors: number;
  totalTokens: number;
  costUsd: number;
}

/** `GET /api/stats?window=…` (also each `data:` event of `GET /api/stats/stream?window=…`). */
export interface StatsResponse {
  window: StatsWindow;
  generatedAt: string;
  bucketSeconds: number;
  totals: {
    requests: number;
    /** Calls answered with status >= 400. */
    errors: number;
    /** errors / requests, 0..1 (0 when there were no requests). */
    errorRate: number;
    promptTokens: number;
    completionTokens: number;
    costUsd: number;
  };
  /** Milliseconds, from per-hour histograms (null when there were no requests). */
  latency: { p50: number | null; p95: number | null; p99: number | null };
  ttft: { p50: number | null };
  series: StatsPoint[];
  topUsers: TopUser[];
  topModels: TopModel[];
}
