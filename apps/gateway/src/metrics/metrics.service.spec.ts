import type { Usage } from '@switchyard/providers';
import { Counter, Histogram, Registry } from 'prom-client';
import { Metrics, ObservedCall, ObservedResult } from './metrics.service';

const BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** `Metrics.observe` as it was, on prom-client's own metrics: the oracle. */
function referenceMetrics() {
  const registry = new Registry();
  const requests = new Counter({
    name: 'switchyard_requests_total',
    help: '/v1 calls by model alias and status class',
    labelNames: ['model', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'switchyard_request_duration_seconds',
    help: '/v1 call duration, from arrival to the last byte',
    labelNames: ['model'],
    buckets: BUCKETS,
    registers: [registry],
  });
  const ttft = new Histogram({
    name: 'switchyard_ttft_seconds',
    help: 'Time to the first generated token',
    labelNames: ['model'],
    buckets: BUCKETS,
    registers: [registry],
  });
  const tokens = new Counter({
    name: 'switchyard_tokens_total',
    help: 'Tokens used, by type',
    labelNames: ['type'],
    registers: [registry],
  });
  const upstreamErrors = new Counter({
    name: 'switchyard_upstream_errors_total',
    help: 'Calls that an upstream API failed (5xx, unreachable, timeout)',
    labelNames: ['api'],
    registers: [registry],
  });
  return {
    registry,
    observe(call: ObservedCall, result: ObservedResult, usage: Usage | null, seconds: number) {
      const model = call.api && call.model ? call.model : 'none';
      requests.inc({ model, status: `${Math.floor(result.statusCode / 100)}xx` });
      duration.observe({ model }, seconds);
      if (result.ttftMs !== null) ttft.observe({ model }, result.ttftMs / 1000);
      if (usage) {
        tokens.inc({ type: 'prompt' }, usage.promptTokens);
        tokens.inc({ type: 'completion' }, usage.completionTokens);
      }
      if (call.api && (result.statusCode >= 500 || result.errorType === 'upstream_error')) upstreamErrors.inc({ api: call.api.name });
    },
  };
}

const ownLines = async (registry: Registry) =>
  (await registry.metrics())
    .split('\n')
    .filter((line) => /^(# (HELP|TYPE) )?switchyard_(requests|request_duration|ttft|tokens|upstream_errors)/.test(line))
    .sort();

describe('Metrics.observe', () => {
  afterEach(() => jest.restoreAllMocks());

  it('prints the same metrics as prom-client did, scraped between calls or not', async () => {
    const metrics = new Metrics();
    const reference = referenceMetrics();
    let now = 10_000;
    jest.spyOn(performance, 'now').mockImplementation(() => now);
    const api = { name: 'openai-eu' };
    const usage = (promptTokens: number, completionTokens: number): Usage => ({
      promptTokens,
      completionTokens,
      totalTokens: promptTokens + completionTokens,
    });
    const calls: [ObservedCall, ObservedResult, Usage | null, number][] = [
      [{ startedAt: 0, model: 'chat', api }, { statusCode: 200, ttftMs: 120, errorType: null }, usage(10, 20), 0.3],
      [{ startedAt: 0, model: 'chat', api: null }, { statusCode: 404, ttftMs: null, errorType: null }, null, 0.001],
      [{ startedAt: 0, model: null, api }, { statusCode: 502, ttftMs: null, errorType: 'upstream_error' }, usage(0, 0), 30],
      [{ startedAt: 0, model: 'embed', api }, { statusCode: 200, ttftMs: 0, errorType: null }, usage(7, 0), 0.05],
      [{ startedAt: 0, model: 'chat', api }, { statusCode: 499, ttftMs: 50_000, errorType: 'client_closed' }, usage(3, 1), 500],
    ];
    for (const [i, [call, result, used, seconds]] of calls.entries()) {
      call.startedAt = now - seconds * 1000;
      metrics.observe(call, result, used);
      reference.observe(call, result, used, (now - call.startedAt) / 1000);
      if (i === 2) expect(await ownLines(metrics.registry)).toEqual(await ownLines(reference.registry));
      now += 1_000;
    }
    const lines = await ownLines(metrics.registry);
    expect(lines).toEqual(await ownLines(reference.registry));
    expect(lines).toContain('switchyard_tokens_total{type="prompt"} 20');
    expect(lines).toContain('switchyard_requests_total{model="none",status="5xx"} 1');
    expect(lines).toContain('switchyard_upstream_errors_total{api="openai-eu"} 1');
    // Scraping again adds nothing.
    expect(await ownLines(metrics.registry)).toEqual(lines);
  });

  it('shows a token type first reported with 0 tokens, and leaves the registry empty on shutdown', async () => {
    const metrics = new Metrics();
    metrics.observe(
      { startedAt: performance.now(), model: 'm', api: { name: 'a' } },
      { statusCode: 200, ttftMs: null, errorType: null },
      {
        promptTokens: 0,
        completionTokens: Number.NaN,
        totalTokens: 0,
      },
    );
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^switchyard_tokens_total\{type="prompt"\} 0$/m);
    expect(text).toMatch(/^switchyard_tokens_total\{type="completion"\} 0$/m);
    expect(text).toMatch(/^switchyard_request_duration_seconds_count\{model="m"\} 1$/m);
    metrics.onApplicationShutdown();
    expect(await metrics.registry.metrics()).toBe('\n');
  });
});
