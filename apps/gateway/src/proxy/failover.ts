import { Injectable } from '@nestjs/common';
import { RoutingAttempt } from '@switchyard/contracts';
import { ProviderAdapter, ProviderRegistry, ProxyEndpoint } from '@switchyard/providers';
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { ConfigurationService } from '../configuration/configuration.service';
import { BreakerOutcome, CircuitBreakers } from './circuit-breaker';
import type { HeaderList } from './headers';
import { errors, ProxyError, sendError } from './openai-error';
import { RelayOptions, RelayResult, relayBytes, relayJson, relaySse, translationFor } from './relay';
import { keepAll } from './router';
import { RoutedApi } from './routing-snapshot';
import { heldUpstreamError, retryAfterMs } from './held-error';
import { UpstreamAbort, UpstreamClient } from './upstream-client';
import { classifyUpstreamFailure, isAbort } from './upstream-errors';

/** One call as every attempt sends it; only the target changes between attempts. */
export interface RoutedCall {
  res: ServerResponse;
  /** The call's headers so far, which its answer carries (see `HeaderList`). */
  head: HeaderList;
  endpoint: ProxyEndpoint;
  /** The body sent upstream (the adapter swaps the alias for the API's model). */
  upstreamBody: Record<string, unknown>;
  stream: boolean;
  stripUsageChunk: boolean;
  forwardHeaders: Record<string, string>;
  startedAt: number;
  captureBytes: number;
  /** Aborted when the client goes. */
  signal: UpstreamAbort;
  clientGone: () => boolean;
}

export interface RoutedOutcome {
  result: RelayResult;
  /** The API that served the call, or the last one tried. */
  api: RoutedApi;
  attempts: RoutingAttempt[];
}

/** How one attempt ended. `failed` has written nothing yet: `finish` writes it when it is the last word. */
type AttemptEnd =
  | { kind: 'served'; result: RelayResult }
  | { kind: 'aborted'; result: RelayResult }
  | {
      kind: 'failed';
      statusCode: number | null;
      reason: string;
      retryable: boolean;
      breakerFailure: boolean;
      retryAfterMs: number | null;
      finish: () => Promise<RelayResult>;
    };

/** Retry-After worth waiting for on the same target, when there is no other one to try. */
const MAX_RETRY_AFTER_MS = 2_000;

export const CLIENT_GONE: RelayResult = {
  statusCode: 499,
  ttftMs: null,
  usage: null,
  completionChars: 0,
  errorType: 'client_closed_request',
  errorMessage: 'The client closed the connection before the answer was complete',
};

export function failureResult(failure: ProxyError): RelayResult {
  return {
    statusCode: failure.status,
    ttftMs: null,
    usage: null,
    completionChars: 0,
    errorType: failure.type,
    errorMessage: failure.message,
  };
}

/**
 * Tries the candidates in order until one answers: a connection error, a timeout before the headers,
 * a 429 or a 5xx (or what the adapter calls retryable) moves the call to the next one, as long as
 * nothing was written to the client. Once an answer is relayed there is no going back. Feeds every
 * API's circuit breaker and returns the routing trace.
 */
@Injectable()
export class Failover {
  constructor(
    private readonly upstream: UpstreamClient,
    private readonly providers: ProviderRegistry,
    private readonly breakers: CircuitBreakers,
    private readonly configuration: ConfigurationService,
  ) {}

  async run(candidates: readonly RoutedApi[], call: RoutedCall): Promise<RoutedOutcome> {
    const usable = keepAll(candidates, (api) => this.providers.get(api.provider)?.supports(call.endpoint) === true);
    if (usable.length === 0) throw this.unusable(candidates[0], call.endpoint, modelOf(call));
    const maxAttempts = this.configuration.get('routingMaxAttempts');
    const policy = this.breakers.policy();
    const attempts: RoutingAttempt[] = [];
    let last: { api: RoutedApi; end: Extract<AttemptEnd, { kind: 'failed' }> } | null = null;
    let i = 0;
    while (i < usable.length && attempts.length < maxAttempts) {
      const api = usable[i];
      const breaker = this.breakers.for(api.id);
      if (!breaker.tryAcquire(policy)) {
        i++;
        continue;
      }
      const started = performance.now();
      let end: AttemptEnd;
      try {
        end = await this.attempt(api, call);
      } catch (err) {
        breaker.record(NEUTRAL, policy);
        throw err;
      }
      const latencyMs = Math.round(performance.now() - started);
      breaker.record(breakerOutcome(end), policy);
      if (end.kind !== 'failed') {
        attempts.push({ apiId: api.id, apiName: api.name, statusCode: end.result.statusCode, latencyMs, error: end.result.errorMessage });
        return { result: end.result, api, attempts };
      }
      attempts.push({ apiId: api.id, apiName: api.name, statusCode: end.statusCode, latencyMs, error: end.reason });
      last = { api, end };
      if (!end.retryable || attempts.length >= maxAttempts) break;
      const others = usable.slice(i + 1).some((next) => this.breakers.for(next.id).isAvailable(policy));
      if (others) {
        i++;
        continue;
      }
      // The only target left asked for a short pause: honour it rather than fail the call.
      if (end.retryAfterMs === null || end.retryAfterMs > MAX_RETRY_AFTER_MS) break;
      await call.signal.sleep(end.retryAfterMs);
      if (call.clientGone()) return { result: CLIENT_GONE, api, attempts };
    }
    // Every breaker refused (a concurrent call took the half-open probe): nothing was tried.
    if (!last) throw errors.allTargetsOpen(modelOf(call));
    return { result: await last.end.finish(), api: last.api, attempts };
  }

  private async attempt(api: RoutedApi, call: RoutedCall): Promise<AttemptEnd> {
    const adapter = this.providers.get(api.provider) as ProviderAdapter;
    const request = adapter.buildRequest(api, {
      endpoint: call.endpoint,
      body: call.upstreamBody,
      stream: call.stream,
      forwardHeaders: call.forwardHeaders,
    });
    let upstream;
    try {
      upstream = await this.upstream.send(request, api.timeoutMs, call.signal, api.allowPrivateNetwork);
    } catch (err) {
      if (call.clientGone() || isAbort(err)) return { kind: 'aborted', result: CLIENT_GONE };
      const failure = classifyUpstreamFailure(err, api.timeoutMs);
      const finish = () => {
        sendError(call.res, failure, call.head);
        return Promise.resolve(failureResult(failure));
      };
      return {
        kind: 'failed',
        statusCode: null,
        reason: failure.message,
        retryable: true,
        breakerFailure: true,
        retryAfterMs: null,
        finish,
      };
    }
    const opts: RelayOptions = {
      res: call.res,
      head: call.head,
      upstream,
      startedAt: call.startedAt,
      timeoutMs: api.timeoutMs,
      stripUsageChunk: call.stripUsageChunk,
      clientGone: call.clientGone,
      captureBytes: call.captureBytes,
      translation: translationFor(adapter, call.endpoint, call.upstreamBody),
      endpoint: call.endpoint,
    };
    try {
      if (upstream.statusCode >= 400) {
        const held = await heldUpstreamError(opts, adapter);
        const status = upstream.statusCode;
        const breakerFailure = status === 429 || status >= 500;
        return {
          kind: 'failed',
          statusCode: status,
          reason: `${status} from upstream: ${held.message}`,
          retryable: breakerFailure || held.retryable,
          breakerFailure,
          retryAfterMs: status === 429 || status === 503 ? retryAfterMs(upstream.headers['retry-after']) : null,
          finish: held.finish,
        };
      }
      const type = String(upstream.headers['content-type'] ?? '');
      if (type.includes('text/event-stream')) return { kind: 'served', result: await relaySse(opts) };
      if (type.includes('json')) return { kind: 'served', result: await relayJson(opts) };
      return { kind: 'served', result: await relayBytes(opts) };
    } catch (err) {
      if (call.clientGone() || isAbort(err)) return { kind: 'aborted', result: CLIENT_GONE };
      const failure = classifyUpstreamFailure(err, api.timeoutMs);
      sendError(call.res, failure, call.head);
      return { kind: 'served', result: failureResult(failure) };
    }
  }

  private unusable(api: RoutedApi, endpoint: ProxyEndpoint, model: string): ProxyError {
    if (!this.providers.get(api.provider)) return errors.unsupportedProvider(api.provider);
    const message = `The provider '${api.provider}' of model '${model}' does not support /v1/${endpoint}.`;
    return new ProxyError(400, message, 'invalid_request_error', 'unsupported_endpoint');
  }
}

/** The alias the client asked for (the proxy checked it is a string). */
const modelOf = (call: RoutedCall): string => (typeof call.upstreamBody.model === 'string' ? call.upstreamBody.model : '');

const SUCCESS: BreakerOutcome = { kind: 'success' };
const NEUTRAL: BreakerOutcome = { kind: 'neutral' };

/** Connection errors, timeouts, 429 and 5xx count against the API; a 4xx answer proves it is up. */
function breakerOutcome(end: AttemptEnd): BreakerOutcome {
  if (end.kind === 'aborted') return NEUTRAL;
  if (end.kind === 'failed') return end.breakerFailure ? { kind: 'failure', reason: end.reason } : SUCCESS;
  const status = end.result.statusCode;
  if (status >= 500 || status === 429) return { kind: 'failure', reason: end.result.errorMessage ?? `${status} from upstream` };
  return SUCCESS;
}
