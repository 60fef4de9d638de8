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

/** Filters of `GET /api/logs` and `GET /api/logs/export` (query parameters). */
export interface LogFilters {
  /** ISO 8601, inclusive. */
  from?: string;
  /** ISO 8601, exclusive. */
  to?: string;
  userId?: string;
  /** The alias as requested. */
  model?: string;
  apiId?: string;
  /** An exact status (`429`) or a class (`2xx`, `4xx`, `5xx`). */
  status?: string;
  stream?: boolean;
  /** Text searched in the error message (case-insensitive). */
  q?: string;
}

/** One upstream attempt of a call: the routing trace (failover tries the next target). */
export interface RoutingAttempt {
  apiId: string;
  apiName: string;
  /** Upstream status, or null when no answer came (connection error, timeout). */
  statusCode: number | null;
  latencyMs: number;
  /** Why this attempt did not serve the call (null for the one that did). */
  error: string | null;
}

/** `GET /api/logs/:id`: one row in full, with bodies when `logRequestBodies` was on for it. */
export interface RequestLogDetail extends RequestLogItem {
  /**
   * Every upstream attempt in order, when routing did more than send the call to a first target that
   * served it (failover, retries, a failed attempt); empty when the call never reached an upstream or
   * its first attempt served it: `apiId`, `statusCode` and `latencyMs` then say all a trace would.
   */
  attempts: RoutingAttempt[];
  /** The current name of the row's API; null when the row has none or the API has been deleted since. */
  apiName: string | null;
  clientIp: string | null;
  requestBody: string | null;
  responseBody: string | null;
  /** True when a stored body was cut to the `logBodyMaxKb` setting. */
  bodiesTruncated: boolean;
}

/** A keyset-paginated page (logs, audit). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
