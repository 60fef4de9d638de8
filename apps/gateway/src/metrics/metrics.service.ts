import { Injectable, OnApplicationShutdown, Optional } from '@nestjs/common';
import type { Usage } from '@switchyard/providers';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { performance } from 'node:perf_hooks';
import { LogWriter } from '../logs/log-writer.service';
import { ModelHistogram, ModelStatusCounter } from './model-series';

/** What `observe` needs to know about a finished `/v1` call (a structural subset of the proxy's record). */
export interface ObservedCall {
  startedAt: number;
  /** The alias as requested; only used when it resolved to an upstream (`api` set), else `none`. */
  model: string | null;
  api: { name: string } | null;
}

export interface ObservedResult {
  statusCode: number;
  ttftMs: number | null;
  errorType: string | null;
}

const SECONDS_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** A token count a counter can take; prom-client threw on anything else. */
const countable = (n: number): number => (Number.isFinite(n) && n > 0 ? n : 0);

/**
 * Prometheus metrics of this instance. One registry per app (tests run several gateways in one
 * process). Labels stay low-cardinality: the resolved alias (admin-defined), the status class, the API name.
 */
@Injectable()
export class Metrics implements OnApplicationShutdown {
  readonly registry = new Registry();
  // The per-call metrics keep plain numbers per model: see model-series.ts.
  private readonly requests = new ModelStatusCounter(
    'switchyard_requests_total',
    '/v1 calls by model alias and status class',
    this.registry,
  );
  private readonly duration = new ModelHistogram(
    'switchyard_request_duration_seconds',
    '/v1 call duration, from arrival to the last byte',
    SECONDS_BUCKETS,
    this.registry,
  );
  private readonly ttft = new ModelHistogram(
    'switchyard_ttft_seconds',
    'Time to the first generated token',
    SECONDS_BUCKETS,
    this.registry,
  );
  /** Token sums not yet added to `tokens`; null while no call has reported that type since the last scrape. */
  private promptTokens: number | null = null;
  private completionTokens: number | null = null;
  private readonly tokens = new Counter({
    name: 'switchyard_tokens_total',
    help: 'Tokens used, by type',
    labelNames: ['type'] as const,
    registers: [this.registry],
    collect: () => this.collectTokens(),
  });
  private readonly upstreamErrors = new Counter({
    name: 'switchyard_upstream_errors_total',
    help: 'Calls that an upstream API failed (5xx, unreachable, timeout)',
    labelNames: ['api'] as const,
    registers: [this.registry],
  });
  private readonly storeErrors = new Counter({
    name: 'switchyard_rate_limit_store_errors_total',
    help: 'Rate-limit checks the shared store (Redis) could not answer',
    registers: [this.registry],
  });

  constructor(@Optional() logs?: LogWriter) {
    collectDefaultMetrics({ register: this.registry });
    if (logs) this.registerLogGauges(logs);
  }

  /** Called once per `/v1` call when it is recorded. */
  observe(call: ObservedCall, result: ObservedResult, usage: Usage | null): void {
    const model = call.api && call.model ? call.model : 'none';
    this.requests.inc(model, result.statusCode);
    this.duration.observe(model, (performance.now() - call.startedAt) / 1000);
    if (result.ttftMs !== null) this.ttft.observe(model, result.ttftMs / 1000);
    if (usage) {
      this.promptTokens = (this.promptTokens ?? 0) + countable(usage.promptTokens);
      this.completionTokens = (this.completionTokens ?? 0) + countable(usage.completionTokens);
    }
    if (call.api && (result.statusCode >= 500 || result.errorType === 'upstream_error')) this.upstreamErrors.inc({ api: call.api.name });
  }

  rateLimitStoreError(): void {
    this.storeErrors.inc();
  }

  onApplicationShutdown(): void {
    this.registry.clear();
    for (const metric of [this.requests, this.duration, this.ttft]) metric.reset();
  }

  /** Adds the token sums counted since the last scrape (a type seen with 0 tokens still shows, at 0). */
  private collectTokens(): void {
    if (this.promptTokens !== null) this.tokens.inc({ type: 'prompt' }, this.promptTokens);
    if (this.completionTokens !== null) this.tokens.inc({ type: 'completion' }, this.completionTokens);
    this.promptTokens = this.completionTokens = null;
  }

  private registerLogGauges(logs: LogWriter): void {
    new Gauge({
      name: 'switchyard_log_queue_depth',
      help: 'Request log rows waiting in memory to be written',
      registers: [this.registry],
      collect() {
        this.set(logs.stats().queued);
      },
    });
    new Gauge({
      name: 'switchyard_log_rows_spooled',
      help: 'Request log rows waiting on disk (DATA_DIR/spool) for the database',
      registers: [this.registry],
      collect() {
        this.set(logs.stats().spoolPending);
      },
    });
    new Counter({
      name: 'switchyard_log_rows_dropped_total',
      help: 'Request log rows lost (queue full with no spool, or shutdown gave up)',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(logs.stats().dropped);
      },
    });
  }
}
