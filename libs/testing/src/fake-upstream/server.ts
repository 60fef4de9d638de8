import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { BehaviorRules, Gate } from './behaviors';
import { defaultErrorBody, errorReply, openAiErrorBody } from './openai-errors';
import { DEFAULT_MODELS } from './openai-misc';
import { ANTHROPIC_ROUTES } from './anthropic-messages';
import { OPENAI_ROUTES } from './openai-routes';
import { type StreamControl, sleepUnlessClosed, writeSse } from './sse';
import { isObject } from './text';
import type { FakeBehavior, FakeUpstreamOptions, RecordedRequest, Reply, Route, SetBehaviorOptions } from './types';

interface Waiter {
  predicate: (r: RecordedRequest) => boolean;
  resolve: (r: RecordedRequest) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/** Per-request state the response path shares with the `close` listener. */
interface Exchange {
  seq: number;
  record: RecordedRequest;
  res: http.ServerResponse;
  /** Settles when the response's connection closes (normally or not). */
  closed: Promise<void>;
  /** Set when the fake itself drops the connection, so it does not count as a client abort. */
  droppedByServer: boolean;
}

const DEFAULT_WAIT_MS = 2_000;

function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? '/', 'http://fake.invalid').pathname;
  } catch {
    return url ?? '/';
  }
}

function parseBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const data = Buffer.from(JSON.stringify(body));
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.setHeader('content-length', data.length);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.end(data);
}

/**
 * A fake OpenAI-compatible upstream on 127.0.0.1 (plain `node:http`), for tests that need a real
 * socket on the other side: it records every request, answers deterministically, and can be told
 * to misbehave (errors, delays, stalls, resets, endless or held streams) with `setBehavior`.
 */
export class FakeUpstream {
  /** Every request received since start or the last `reset()`, in arrival order. */
  readonly requests: RecordedRequest[] = [];

  private readonly server = http.createServer();
  private readonly sockets = new Set<Socket>();
  private readonly rules = new BehaviorRules();
  private readonly waiters = new Set<Waiter>();
  private holdGate = new Gate();
  private seq = 0;
  private closing = false;
  private baseUrl = '';

  private constructor(private readonly models: readonly string[]) {
    this.server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => this.onRequest(req, res));
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  /** Starts a fake listening on 127.0.0.1 (`options.port`, or a random free port). */
  static async start(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
    const models = [...new Set([...DEFAULT_MODELS, ...(options.models ?? [])])];
    const fake = new FakeUpstream(models);
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(options.port ?? 0, '127.0.0.1', () => {
        fake.server.off('error', reject);
        resolve();
      });
    });
    const { port } = fake.server.address() as AddressInfo;
    fake.baseUrl = `http://127.0.0.1:${port}`;
    return fake;
  }

  /** `http://127.0.0.1:<port>`, no trailing slash; an OpenAI client's baseURL is `${url}/v1`. */
  get url(): string {
    return this.baseUrl;
  }

  /**
   * Makes matching requests behave as `b`: all of them, or only those to `opts.path`, and only the
   * next `opts.times` of them when given (after which the earlier behavior applies again).
   * Behaviors limited by `times` are used first, in the order they were set.
   */
  setBehavior(b: FakeBehavior, opts?: SetBehaviorOptions): void {
    if (b.kind === 'stream-hold' && this.holdGate.isOpen) this.holdGate = new Gate();
    this.rules.add(b, opts);
  }

  /** Lets streams held by `stream-hold` continue, including ones that reach their hold point later. */
  release(): void {
    this.holdGate.open();
  }

  /**
   * The first recorded request (already received or arriving later) that matches `predicate`;
   * rejects after `timeoutMs` (default 2 s).
   */
  waitForRequest(predicate: (r: RecordedRequest) => boolean = () => true, timeoutMs = DEFAULT_WAIT_MS): Promise<RecordedRequest> {
    return this.waitFor(predicate, timeoutMs, 'matching request');
  }

  /** The first request whose client closed the connection before the response ended (already or later). */
  waitForAbort(timeoutMs = DEFAULT_WAIT_MS): Promise<RecordedRequest> {
    return this.waitFor((r) => r.aborted, timeoutMs, 'aborted request');
  }

  /** Forgets recorded requests and behaviors, releases held streams and restarts id numbering. */
  reset(): void {
    this.requests.length = 0;
    this.rules.clear();
    this.holdGate.open();
    this.holdGate = new Gate();
    this.seq = 0;
  }

  /** Stops listening and destroys every open connection; pending waits reject. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.holdGate.open();
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(new Error('FakeUpstream closed while waiting'));
    }
    this.waiters.clear();
    const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await stopped;
  }

  private waitFor(predicate: (r: RecordedRequest) => boolean, timeoutMs: number, what: string): Promise<RecordedRequest> {
    const found = this.requests.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new Error(`FakeUpstream: no ${what} within ${timeoutMs} ms (${this.requests.length} recorded)`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  private notify(): void {
    for (const w of this.waiters) {
      const found = this.requests.find(w.predicate);
      if (!found) continue;
      clearTimeout(w.timer);
      this.waiters.delete(w);
      w.resolve(found);
    }
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const seq = ++this.seq;
    const requestId = `req_fake_${seq}`;
    res.setHeader('x-request-id', requestId);
    const chunks: Buffer[] = [];
    const closed = new Promise<void>((resolve) => res.once('close', resolve));
    let exchange: Exchange | undefined;

    const recorded = (): Exchange => {
      if (!exchange) {
        const rawBody = Buffer.concat(chunks);
        const record: RecordedRequest = {
          requestId,
          method: req.method ?? 'GET',
          path: pathOf(req.url),
          url: req.url ?? '/',
          headers: req.headers,
          body: parseBody(rawBody),
          rawBody,
          aborted: false,
        };
        this.requests.push(record);
        exchange = { seq, record, res, closed, droppedByServer: false };
        this.notify();
      }
      return exchange;
    };

    res.once('close', () => {
      // A request cut off mid-body is still recorded, as aborted.
      const ex = recorded();
      if (!res.writableFinished && !ex.droppedByServer && !this.closing) {
        ex.record.aborted = true;
        this.notify();
      }
    });
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => undefined); // the client went away; `close` above records it
    req.on('end', () => {
      if (res.destroyed) return;
      const ex = recorded();
      this.respond(ex).catch((err: unknown) => {
        if (res.headersSent) res.destroy();
        else sendJson(res, 500, openAiErrorBody(`Fake upstream failed: ${String(err)}`, 'server_error'));
      });
    });
  }

  private async respond(ex: Exchange): Promise<void> {
    const { res } = ex;
    const behavior = this.rules.take(ex.record.path);
    switch (behavior.kind) {
      case 'reset':
        ex.droppedByServer = true;
        res.socket?.resetAndDestroy();
        return;
      case 'stall':
        return ex.closed;
      case 'error':
        this.sendError(res, behavior);
        return;
      case 'slow':
        if (!(await sleepUnlessClosed(behavior.delayMs, ex.closed))) return;
        break;
      default:
        break;
    }
    const reply = this.route(ex, behavior);
    switch (reply.type) {
      case 'json':
        sendJson(res, reply.status, reply.body);
        return;
      case 'bytes':
        res.writeHead(reply.status, { 'content-type': reply.contentType, 'content-length': reply.data.length });
        res.end(reply.data);
        return;
      case 'sse':
        return writeSse(res, reply.events, this.streamControl(behavior), ex.closed);
    }
  }

  private route(ex: Exchange, behavior: FakeBehavior): Reply {
    const { method, path } = ex.record;
    const body: unknown = ex.record.body;
    const routes: Route[] = [...OPENAI_ROUTES, ...ANTHROPIC_ROUTES].filter((r) => r.pattern.test(path));
    if (routes.length === 0) {
      return errorReply(404, `Invalid URL (${method} ${path})`, 'invalid_request_error', 'not_found');
    }
    const route = routes.find((r) => r.method === method);
    if (!route) {
      return errorReply(405, `Method ${method} is not allowed for ${path}`, 'invalid_request_error', 'method_not_allowed');
    }
    if (route.method === 'POST' && !isObject(body)) {
      return errorReply(
        400,
        'We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.',
        'invalid_request_error',
      );
    }
    return route.handle({
      seq: ex.seq,
      body: isObject(body) ? body : {},
      headers: ex.record.headers,
      params: route.pattern.exec(path)?.slice(1) ?? [],
      models: this.models,
      forceStream: behavior.kind.startsWith('stream-'),
      endless: behavior.kind === 'stream-forever',
      omitUsage: behavior.kind === 'no-usage',
    });
  }

  private streamControl(behavior: FakeBehavior): StreamControl {
    switch (behavior.kind) {
      case 'stream-forever':
        return { intervalMs: behavior.intervalMs };
      case 'stream-hold':
        return { holdAfter: behavior.firstChunks, gate: () => this.holdGate.wait() };
      case 'stream-stall-after':
        return { stallAfter: behavior.chunks };
      default:
        return {};
    }
  }

  private sendError(res: http.ServerResponse, b: Extract<FakeBehavior, { kind: 'error' }>): void {
    const headers = b.headers ?? {};
    if (typeof b.body !== 'string') {
      sendJson(res, b.status, b.body ?? defaultErrorBody(b.status), headers);
      return;
    }
    res.statusCode = b.status;
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.end(b.body);
  }
}
