/** One row of the request log, as the admin API returns it. */
export interface RequestLogItem {
  id: string;
  requestId: string;
  createdAt: string;
  userId: string | null;
  model: string | null;
  apiId: string | null;
  upstreamModel: string | null;
  endpoint: string;
  statusCode: number;
  stream: boolean;
  latencyMs: number;
  ttftMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
  usageSource: 'upstream' | 'estimate' | null;
  costUsd: number | null;
  errorType: string | null;
  errorMessage: string | null;
}

/** A keyset-paginated page (logs, audit). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
