import { Injectable, Logger } from '@nestjs/common';
import { RoutingAttempt } from '@switchyard/contracts';
import { PROXY_ENDPOINTS, ProxyEndpoint, Usage } from '@switchyard/providers';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { ConfigurationService } from '../configuration/configuration.service';
import { LogWriter } from '../logs/log-writer.service';
import { Metrics } from '../metrics/metrics.service';
import { periodEnd } from '../users/budget-period';
import { SpendTracker } from '../users/spend-tracker.service';
import { addHeaders, forwardableHeaders, HeaderList, presentedKey } from './headers';
import { InFlight } from './in-flight';
import { errors, ProxyError, sendError, sendJson } from './openai-error';
import { CLIENT_GONE, Failover, failureResult } from './failover';
import { RelayResult } from './relay';
import { KeyHolder, RoutedApi, RoutingSnapshot } from './routing-snapshot';
import { rateLimitHeaders, RpmLimiter } from './rpm-limiter';
import { readJsonBody } from './request-body';
import { nextRequestId } from './request-id';
import { Router } from './router';
import { TokenReservation, tokenHeaders, TpmLimiter } from './tpm-limiter';
import { costOf, estimateTokens, promptText } from './usage';
import { SnapshotService } from './snapshot.service';
import { UpstreamAbort } from './upstream-client';

/** What we know about a call so far; becomes its log row. */
interface CallRecord {
  requestId: string;
  createdAt: Date;
  startedAt: number;
  endpoint: string;
  clientIp: string | null;
  user: KeyHolder | null;
  model: string | null;
  /** The API that served the call, or the last one tried. */
  api: RoutedApi | null;
  /** Every upstream attempt, in order (the routing trace). */
  attempts: RoutingAttempt[];
  stream: boolean;
  reservation: TokenReservation | null;
  /** Set only when the `logRequestBodies` setting is on. */
  requestBody: string | null;
  /** The client closed the connection before the answer was complete. */
  clientGone: boolean;
  /** Cancels the upstream call when the client goes (made when the call goes upstream). */
  abort: UpstreamAbort | null;
  /** The answer's headers so far: security headers, request id, limits (written once, with the answer). */
  head: HeaderList;
}

const PROXIED = new Set<string>(PROXY_ENDPOINTS);
const STREAMING_ENDPOINTS = new Set<ProxyEndpoint>(['chat/completions', 'completions', 'responses']);
/** Endpoints where `stream_options.include_usage` makes the upstream report usage in a final chunk. */
const INCLUDE_USAGE_ENDPOINTS = new Set<ProxyEndpoint>(['chat/completions', 'completions']);

/**
 * `/v1`: authenticate the key, resolve the alias, check permission and limits, relay to the upstream,
 * log the outcome. Runs outside Nest's per-request pipeline and never touches the database or the
 * session store: everything it reads comes from in-memory snapshots.
 */
@Injectable()
export class ProxyHandler {
  private readonly logger = new Logger(ProxyHandler.name);

  constructor(
    private readonly snapshots: SnapshotService,
    private readonly configuration: ConfigurationService,
    private readonly limiter: RpmLimiter,
    private readonly tpm: TpmLimiter,
    private readonly spend: SpendTracker,
    private readonly router: Router,
    private readonly failover: Failover,
    private readonly logs: LogWriter,
    private readonly metrics: Metrics,
    private readonly inFlight: InFlight,
  ) {}

  /**
   * The `/v1` handler, on plain node:http objects (the fast path in `configureHttp`, or behind Express's
   * `/v1` mount, whose `req.originalUrl` keeps the prefix). `clientIp` is what Express's `req.ip` gives;
   * `head` the headers every answer carries, to which the call adds its own.
   */
  readonly handle = (req: IncomingMessage, res: ServerResponse, clientIp: string | null, head: HeaderList): void => {
    const call: CallRecord = {
      requestId: nextRequestId(),
      createdAt: new Date(),
      startedAt: performance.now(),
      endpoint: v1Route((req as { originalUrl?: string }).originalUrl ?? req.url ?? ''),
      clientIp,
      user: null,
      model: null,
      api: null,
      attempts: [],
      stream: false,
      reservation: null,
      requestBody: null,
      clientGone: false,
      abort: null,
      head,
    };
    head.push('x-request-id', call.requestId);
    const slot = this.inFlight.add(res);
    // One listener per call: the in-flight count, and a client gone before the end aborts the upstream.
    // (`on`, not `once`: a response closes once, and `once` wraps the listener in two more objects.)
    res.on('close', () => {
      this.inFlight.done(slot);
      if (res.writableFinished) return;
      call.clientGone = true;
      call.abort?.abort();
    });
    let proxied: Promise<void> | undefined;
    try {
      proxied = this.dispatch(req, res, call);
    } catch (err) {
      this.fail(req, res, call, err);
      return;
    }
    proxied?.catch((err: unknown) => this.fail(req, res, call, err));
  };

  /** Answers a call that failed with its OpenAI-shaped error (a 500 for anything unexpected) and logs it. */
  private fail(req: IncomingMessage, res: ServerResponse, call: CallRecord, err: unknown): void {
    const failure = err instanceof ProxyError ? err : errors.internal();
    if (!(err instanceof ProxyError))
      this.logger.error(`unexpected failure on ${req.method} /v1/${call.endpoint}: ${(err as Error)?.stack ?? String(err)}`);
    sendError(res, failure, call.head);
    this.record(call, failureResult(failure), null);
  }

  /**
   * Routes the call: the model list is answered at once, a proxied call returns its promise. Not an
   * async function, so that a call costs one async frame fewer; what it refuses it throws (caught above).
   */
  private dispatch(req: IncomingMessage, res: ServerResponse, call: CallRecord): Promise<void> | undefined {
    const snapshot = this.snapshots.current;
    const route = call.endpoint;
    const method = req.method ?? 'GET';
    const isModels = route === 'models' || route.startsWith('models/');
    const isProxied = PROXIED.has(route);
    if (!isModels && !isProxied) throw errors.unknownRoute(method, `/${route}`);
    if (isModels && method !== 'GET') throw errors.methodNotAllowed(method, `/${route}`);
    if (isProxied && method !== 'POST') throw errors.methodNotAllowed(method, `/${route}`);

    call.user = this.authenticate(req, snapshot);
    if (isModels) {
      this.sendModels(res, call.head, snapshot, call.user, route === 'models' ? null : modelId(route.slice('models/'.length)));
      this.record(
        call,
        { statusCode: res.statusCode, ttftMs: null, usage: null, completionChars: 0, errorType: null, errorMessage: null },
        null,
      );
      return undefined;
    }
    return this.proxy(req, res, call, route as ProxyEndpoint, snapshot);
  }

  private authenticate(req: IncomingMessage, snapshot: RoutingSnapshot): KeyHolder {
    const key = presentedKey(req.headers);
    if (!key) throw errors.missingKey();
    const user = snapshot.userByKey(key);
    if (!user) throw errors.invalidKey();
    if (!user.enabled) throw errors.disabledKey();
    if (user.expiresAt && user.expiresAt.getTime() <= Date.now()) throw errors.expiredKey();
    return user;
  }

  private sendModels(res: ServerResponse, head: HeaderList, snapshot: RoutingSnapshot, user: KeyHolder, id: string | null): void {
    const visible = [...snapshot.aliases.values()]
      .filter((a) => a.enabled && RoutingSnapshot.allows(user, a.alias))
      .sort((a, b) => a.alias.localeCompare(b.alias))
      .map((a) => ({ id: a.alias, object: 'model', created: Math.floor(a.createdAt.getTime() / 1000), owned_by: 'switchyard' }));
    if (id === null) {
      sendJson(res, 200, { object: 'list', data: visible }, head);
      return;
    }
    const model = visible.find((m) => m.id === id);
    if (!model) throw errors.modelNotFound(id);
    sendJson(res, 200, model, head);
  }

  private async proxy(
    req: IncomingMessage,
    res: ServerResponse,
    call: CallRecord,
    endpoint: ProxyEndpoint,
    snapshot: RoutingSnapshot,
  ): Promise<void> {
    const user = call.user!;
    const body = await readJsonBody(req, this.configuration.get('maxRequestBodyMb'));
    if (typeof body.model !== 'string' || body.model === '') throw errors.missingModel();
    call.model = body.model;
    const alias = snapshot.aliases.get(body.model);
    if (!alias || !alias.enabled) throw errors.modelNotFound(body.model);
    if (!RoutingSnapshot.allows(user, alias.alias)) throw errors.modelNotAllowed(body.model);

    // Each limit costs an await (a Redis round trip when shared) only when it is set.
    const rpm = user.rateLimitRpm ?? this.configuration.get('defaultRateLimitRpm');
    if (rpm > 0) {
      const state = await this.limiter.consume(user.id, rpm);
      if (state) addHeaders(call.head, rateLimitHeaders(state));
    }
    if (user.budgetUsd !== null) await this.checkBudget(user, user.budgetUsd);
    const tpm = user.rateLimitTpm ?? this.configuration.get('defaultRateLimitTpm');
    if (tpm > 0) {
      call.reservation = await this.reserveTokens(user, tpm, endpoint, body);
      if (call.reservation) addHeaders(call.head, tokenHeaders(tpm, call.reservation.remaining, call.reservation.resetMs));
    }
    if (this.configuration.get('logRequestBodies')) call.requestBody = JSON.stringify(body);

    const candidates = this.router.candidates(alias, snapshot);
    // Until an attempt is made, a refusal is logged against the first choice.
    call.api = candidates[0];
    call.stream = STREAMING_ENDPOINTS.has(endpoint) && body.stream === true;
    let upstreamBody = body;
    let stripUsageChunk = false;
    if (call.stream && INCLUDE_USAGE_ENDPOINTS.has(endpoint)) {
      const options = (body.stream_options ?? {}) as Record<string, unknown>;
      if (options.include_usage !== true) {
        upstreamBody = { ...body, stream_options: { ...options, include_usage: true } };
        stripUsageChunk = true;
      }
    }

    call.abort = new UpstreamAbort(call.clientGone);
    const outcome = await this.failover.run(candidates, {
      res,
      head: call.head,
      endpoint,
      upstreamBody,
      stream: call.stream,
      stripUsageChunk,
      forwardHeaders: forwardableHeaders(req.headers),
      startedAt: call.startedAt,
      captureBytes: call.requestBody === null ? 0 : this.configuration.get('logBodyMaxKb') * 1024,
      signal: call.abort,
      clientGone: () => call.clientGone,
    });
    call.api = outcome.api;
    call.attempts = outcome.attempts;
    let result = outcome.result;
    if (call.clientGone && result.statusCode < 400)
      result = { ...result, statusCode: 499, errorType: CLIENT_GONE.errorType, errorMessage: CLIENT_GONE.errorMessage };
    this.record(call, result, body);
  }

  /** Refuses the call with 429 `insufficient_quota` once the user's budget for this period is spent. */
  private async checkBudget(user: KeyHolder, budgetUsd: number): Promise<void> {
    // One Redis round trip with REDIS_URL (budgets are opt-in), so spend on other instances counts at once.
    const spent = await this.spend.spentShared(user);
    if (spent >= budgetUsd) throw errors.budgetExceeded(budgetUsd, user.budgetPeriod, spent, periodEnd(user.budgetPeriod));
  }

  /** Reserves prompt estimate + maximum completion against the user's tokens-per-minute limit. */
  private reserveTokens(
    user: KeyHolder,
    limit: number,
    endpoint: ProxyEndpoint,
    body: Record<string, unknown>,
  ): Promise<TokenReservation | null> {
    const generates = endpoint === 'chat/completions' || endpoint === 'completions' || endpoint === 'responses';
    const requested = [body.max_completion_tokens, body.max_tokens, body.max_output_tokens].find(
      (v): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0,
    );
    const completion = generates ? (requested ?? this.configuration.get('defaultMaxTokensReservation')) : 0;
    return this.tpm.reserve(user.id, limit, estimateTokens(promptText(endpoint, body)) + completion);
  }

  /** Queues the log row; never blocks or fails the call. */
  private record(call: CallRecord, result: RelayResult, body: Record<string, unknown> | null): void {
    let usage: Usage | null = result.usage;
    let usageSource: 'upstream' | 'estimate' | null = usage ? 'upstream' : null;
    const endpoint = call.endpoint as ProxyEndpoint;
    if (!usage && body && call.api && result.statusCode < 400 && PROXIED.has(endpoint)) {
      const promptTokens = estimateTokens(promptText(endpoint, body));
      const completionTokens = Math.ceil(result.completionChars / 4);
      usage = { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
      usageSource = 'estimate';
    }
    const costUsd = usage && call.api ? costOf(usage, call.api.inputPricePerMTok, call.api.outputPricePerMTok) : null;
    if (call.reservation) void this.tpm.settle(call.reservation, usage?.totalTokens ?? 0).catch(() => undefined);
    if (call.user) this.spend.add(call.user.id, costUsd ?? 0, call.user.budgetPeriod);
    this.metrics.observe(call, result, usage);
    this.logs.enqueue({
      requestId: call.requestId,
      createdAt: call.createdAt,
      userId: call.user?.id ?? null,
      model: call.model,
      apiId: call.api?.id ?? null,
      upstreamModel: call.api?.model ?? null,
      endpoint: call.endpoint.slice(0, 100),
      statusCode: result.statusCode,
      stream: call.stream,
      latencyMs: Math.round(performance.now() - call.startedAt),
      ttftMs: result.ttftMs,
      promptTokens: usage?.promptTokens ?? null,
      completionTokens: usage?.completionTokens ?? null,
      totalTokens: usage?.totalTokens ?? null,
      usageSource,
      costUsd,
      errorType: result.errorType,
      errorMessage: result.errorMessage?.slice(0, 2000) ?? null,
      clientIp: call.clientIp,
      requestBody: call.requestBody,
      responseBody: result.responseBody ?? null,
      attempts: traceToStore(call.attempts),
    });
  }
}

/**
 * The routing trace worth a log row: every attempt when there was more than one, or when the only one
 * did not serve the call. A first attempt that served it says no more than the row's API, status and
 * latency, and would cost the log a fifth more database work per row (docs/performance.md, tenth pass).
 */
function traceToStore(attempts: RoutingAttempt[]): RoutingAttempt[] | null {
  return attempts.length > 1 || (attempts.length === 1 && attempts[0].error !== null) ? attempts : null;
}

/** The route under `/v1` (`chat/completions`, `models/gpt-4o`), from a URL starting with `/v1`: no query, no outer slashes. */
export function v1Route(url: string): string {
  let end = url.indexOf('?');
  if (end === -1) end = url.length;
  let start = 3;
  while (start < end && url.charCodeAt(start) === 0x2f) start++;
  while (end > start && url.charCodeAt(end - 1) === 0x2f) end--;
  return url.slice(start, end);
}

/** A model id from the URL; a malformed percent-escape is kept as is (it then matches no alias). */
function modelId(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
