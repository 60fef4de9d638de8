import type * as http from 'node:http';

/** One request the fake upstream received, in arrival order. */
export interface RecordedRequest {
  /** The `x-request-id` the fake answered with (`req_fake_<n>`). */
  requestId: string;
  method: string;
  /** Path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  /** Path and query string as received, e.g. `/openai/deployments/d/chat/completions?api-version=2024-10-21`. */
  url: string;
  headers: http.IncomingHttpHeaders;
  /**
   * Parsed JSON body, the raw text when it is not JSON, `undefined` when empty.
   * Typed `any` on purpose: tests dig into it (`r.body.stream_options.include_usage`).
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  rawBody: Buffer;
  /** True when the client closed the connection before the response ended. */
  aborted: boolean;
}

/** How the fake answers the next matching request(s). */
export type FakeBehavior =
  /** Answer normally (the default). */
  | { kind: 'normal' }
  /** Wait `delayMs` before sending the response headers, then answer normally. */
  | { kind: 'slow'; delayMs: number }
  /** Answer `status`; `body` defaults to an OpenAI error object for that status (a string is sent verbatim). */
  | { kind: 'error'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Read the request and never answer, until the client or `close()` ends the connection. */
  | { kind: 'stall' }
  /** Destroy the socket without answering (the client sees a connection reset / socket hang up). */
  | { kind: 'reset' }
  /** Stream SSE events every `intervalMs`, forever, until the client disconnects. */
  | { kind: 'stream-forever'; intervalMs: number }
  /** Stream the first `firstChunks` SSE events, then hold the rest until `release()`. */
  | { kind: 'stream-hold'; firstChunks: number }
  /** Stream `chunks` SSE events, then go silent without ending the response. */
  | { kind: 'stream-stall-after'; chunks: number }
  /** Answer without usage: no `usage` field, and no usage chunk even when `include_usage` is asked for. */
  | { kind: 'no-usage' };

/** Options of `FakeUpstream.start`. */
export interface FakeUpstreamOptions {
  /** Port on 127.0.0.1; a random free port when omitted. */
  port?: number;
  /** Extra model ids listed by `GET /v1/models`. */
  models?: string[];
}

/** Options of `FakeUpstream.setBehavior`. */
export interface SetBehaviorOptions {
  /** Only requests to this exact path (no query string), e.g. `/v1/embeddings`. */
  path?: string;
  /** Only the next `times` matching requests; afterwards the earlier behavior applies again. */
  times?: number;
}

/** A JSON object as parsed from a request body. */
export type JsonObject = Record<string, unknown>;

/** One server-sent event. */
export interface SseEvent {
  /** `event:` field; omitted for OpenAI chat/completions chunks. */
  event?: string;
  /** `data:` field, already serialised. */
  data: string;
}

/** What a route handler wants sent; the server applies the active behavior while sending it. */
export type Reply =
  | { type: 'json'; status: number; body: unknown }
  | { type: 'bytes'; status: number; contentType: string; data: Buffer }
  | { type: 'sse'; events: Iterable<SseEvent> };

/** Inputs of a route handler besides the request body. */
export interface HandlerContext {
  /** 1-based request number; used to build deterministic ids. */
  seq: number;
  /** Parsed JSON body (an empty object for bodiless requests). */
  body: JsonObject;
  /** The request's headers (Anthropic's route checks `x-api-key` and `anthropic-version`). */
  headers: http.IncomingHttpHeaders;
  /** Capture groups of the route's path pattern. */
  params: string[];
  /** Model ids `GET /v1/models` lists. */
  models: readonly string[];
  /** A stream-* behavior is active: answer with SSE even if the request did not ask for it. */
  forceStream: boolean;
  /** `stream-forever`: the content never ends. */
  endless: boolean;
  /** `no-usage`: leave usage out. */
  omitUsage: boolean;
}

/** A route: method, path pattern (anchored) and the handler producing its reply. */
export interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  handle(ctx: HandlerContext): Reply;
}
