import type { ProviderAdapter, ProxyEndpoint, StreamTranslator, Usage } from '@switchyard/providers';
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { HeaderList } from './headers';
import { endsOnBoundary, SseEvent, SseParser } from './sse-parser';
import { classifyUpstreamFailure, isAbort } from './upstream-errors';
import { mayCarryUsage, usageFromTail } from './json-tail';
import type { UpstreamBody, UpstreamResponse } from './upstream-client';
import { completionText, deltaText, isUsageOnlyChunk, streamedUsage, usageFrom } from './usage';

/** What a relayed answer told us, for the log row. */
export interface RelayResult {
  statusCode: number;
  ttftMs: number | null;
  usage: Usage | null;
  /** Generated text length, for estimating completion tokens when the upstream sent no usage. */
  completionChars: number;
  errorType: string | null;
  errorMessage: string | null;
  /** The answer as text, up to `captureBytes` (only when bodies are logged). */
  responseBody?: string | null;
}

export interface RelayOptions {
  res: ServerResponse;
  /** The call's headers so far (security headers, request id, limits): the relay adds the upstream's and writes them. */
  head: HeaderList;
  upstream: UpstreamResponse;
  startedAt: number;
  timeoutMs: number;
  /** Remove the usage-only chunk: the gateway asked for it, the client did not. */
  stripUsageChunk: boolean;
  /** True once the client has gone: stop relaying. */
  clientGone: () => boolean;
  /** Keep up to this many bytes of the answer for the log (0: keep nothing). */
  captureBytes: number;
  /** The provider's way back to OpenAI shapes; absent when the upstream already speaks OpenAI. */
  translation?: Translation;
  /** The endpoint called: an answer without generated text (embeddings, …) is never parsed whole for it. */
  endpoint?: ProxyEndpoint;
}

/** Endpoints whose answers carry no generated text to count (`completionText` is always empty). */
const NO_COMPLETION_TEXT = new Set<ProxyEndpoint>(['embeddings', 'moderations', 'images/generations', 'audio/speech']);

/** What the relay applies to a non-OpenAI provider's answers. */
export interface Translation {
  json?: (json: Record<string, unknown>) => Record<string, unknown>;
  /** One translator per call: it keeps the stream's state (ids, tool call indexes, usage). */
  stream?: StreamTranslator;
  errorType?: (status: number, body: string) => string | undefined;
}

/**
 * The translation an adapter offers for one call (`upstreamBody`: what was sent upstream); none for an
 * adapter without translation hooks (OpenAI and its kin: most calls), which then costs no object.
 */
export function translationFor(
  adapter: ProviderAdapter,
  endpoint: ProxyEndpoint,
  upstreamBody: Record<string, unknown>,
): Translation | undefined {
  if (!adapter.translateResponse && !adapter.createStreamTranslator && !adapter.classifyError) return undefined;
  const options = upstreamBody.stream_options as Record<string, unknown> | undefined;
  return {
    json: adapter.translateResponse ? (json) => adapter.translateResponse!(endpoint, json) : undefined,
    stream: adapter.createStreamTranslator?.(endpoint, { includeUsage: options?.include_usage === true }),
    errorType: adapter.classifyError ? (status, body) => adapter.classifyError!(status, body).type : undefined,
  };
}

/** A translator's output line (`data: …`) as a parsed event. */
function translatedEvent(raw: string): SseEvent {
  const data = /^data: ?(.*)$/s.exec(raw);
  return { raw, data: data ? data[1] : null };
}

function captured(text: string, limit: number): string | null {
  return limit > 0 ? text.slice(0, limit) : null;
}

/** How much of an upstream error answer is read (its message is at the start). */
export const MAX_ERROR_BODY = 64 * 1024;
const MAX_JSON_BODY = 256 * 1024 * 1024;
/** Stream text kept unparsed (for the estimate) before it is counted anyway, bounding memory per stream. */
const PENDING_TEXT_CHARS = 32 * 1024;

/**
 * Feeds `body` to `onChunk` chunk by chunk as it arrives, pausing it while `res` cannot take more
 * (`onChunk` returns false) until `res` drains or closes. Once `stop()` says so (the client is gone) the
 * upstream call is ended and the pump ends. At the end of the body `lastWrites` runs and `res` is ended
 * at once, in the same tick as the last chunk, so that all of it leaves in one write with that chunk.
 * Resolves once `res` is ended, rejects with the body's error (or `lastWrites`'s) with `res` still open.
 */
function pump(
  body: UpstreamBody,
  res: ServerResponse,
  onChunk: (chunk: Buffer) => boolean,
  stop: () => boolean,
  lastWrites: () => void = () => undefined,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const onRoom = () => body.resume();
    const done = (err?: Error) => {
      res.off('drain', onRoom);
      res.off('close', onRoom);
      if (err) reject(err);
      else resolve();
    };
    res.on('drain', onRoom);
    res.on('close', onRoom);
    body.pipeTo({
      data: (chunk) => {
        if (!stop()) return onChunk(chunk);
        body.destroy();
        res.end();
        done();
        return false;
      },
      end: () => {
        try {
          lastWrites();
          res.end();
          done();
        } catch (err) {
          done(err as Error);
        }
      },
      error: done,
    });
  });
}

/** Adds the upstream's request id to `head` as `x-upstream-request-id`; returns `head`. */
export function addUpstreamId(head: HeaderList, upstream: UpstreamResponse): HeaderList {
  const id = upstream.headers['x-request-id'];
  if (typeof id === 'string') head.push('x-upstream-request-id', id);
  return head;
}

/** The call's head with the upstream's content type (or `contentType` instead) and request id. */
function answerHead(opts: RelayOptions, contentType?: string): HeaderList {
  const type = contentType ?? opts.upstream.headers['content-type'];
  if (typeof type === 'string') opts.head.push('content-type', type);
  return addUpstreamId(opts.head, opts.upstream);
}

/** A non-stream JSON answer: buffered (usage lives at its end), then sent whole with its status. */
export function relayJson(opts: RelayOptions): Promise<RelayResult> {
  // A `then` rather than an async function awaiting the body: one promise and one resumption fewer per call.
  return opts.upstream.body.collect(MAX_JSON_BODY).then((collected) => answerJson(opts, collected.body));
}

function answerJson(opts: RelayOptions, answer: Buffer): RelayResult {
  const { res, upstream } = opts;
  let body = answer;
  const ttftMs = Math.round(performance.now() - opts.startedAt);
  let usage: Usage | null = null;
  let completionChars = 0;
  // Usage sits at the end of an OpenAI answer: read it from the tail, without parsing the whole answer.
  // The whole answer is parsed only to translate it, when the tail has no usage (full-parse fallback),
  // or when the usage is absent and its generated text must be counted for the estimate.
  const tail = opts.translation?.json ? null : usageFromTail(body);
  if (tail?.found) usage = usageFrom(tail.value);
  const parseWhole = !tail?.found || (usage === null && !(opts.endpoint && NO_COMPLETION_TEXT.has(opts.endpoint)));
  if (parseWhole) {
    try {
      let parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      if (opts.translation?.json) {
        parsed = opts.translation.json(parsed);
        body = Buffer.from(JSON.stringify(parsed));
      }
      usage = usageFrom(parsed.usage);
      // Only the estimate (no usage) needs the generated text.
      if (usage === null) completionChars = completionText(parsed).length;
    } catch {
      // not JSON after all: relay as is, estimate nothing from it
    }
  }
  if (!opts.clientGone()) {
    const head = answerHead(opts);
    head.push('content-length', String(body.length));
    res.writeHead(upstream.statusCode, head);
    res.end(body);
  }
  const responseBody = opts.captureBytes > 0 ? captured(body.subarray(0, opts.captureBytes).toString('utf8'), opts.captureBytes) : null;
  return { statusCode: upstream.statusCode, ttftMs, usage, completionChars, errorType: null, errorMessage: null, responseBody };
}

/** Any other answer (audio, images as bytes): streamed through with back-pressure. */
export async function relayBytes(opts: RelayOptions): Promise<RelayResult> {
  const { res, upstream } = opts;
  let ttftMs: number | null = null;
  res.writeHead(upstream.statusCode, answerHead(opts));
  await pump(
    upstream.body,
    res,
    (chunk) => {
      ttftMs ??= Math.round(performance.now() - opts.startedAt);
      return res.write(chunk);
    },
    opts.clientGone,
  );
  const type = String(upstream.headers['content-type'] ?? 'unknown type');
  const responseBody = captured(`[${type} body not stored]`, opts.captureBytes);
  return { statusCode: upstream.statusCode, ttftMs, usage: null, completionChars: 0, errorType: null, errorMessage: null, responseBody };
}

/**
 * Server-sent events, relayed event by event as they arrive (never buffered whole), with usage read on
 * the way. An upstream that goes idle for `timeoutMs` ends the stream with an SSE error event.
 */
export async function relaySse(opts: RelayOptions): Promise<RelayResult> {
  const { res, upstream } = opts;
  const parser = new SseParser();
  let ttftMs: number | null = null;
  let usage: Usage | null = null;
  let completionChars = 0;
  let transcript = '';
  const head = answerHead(opts, 'text/event-stream; charset=utf-8');
  head.push('cache-control', 'no-cache', 'x-accel-buffering', 'no');
  res.writeHead(upstream.statusCode, head);
  // The head leaves with the first events when they came with the upstream's own head (the usual case:
  // one write, not two); otherwise alone once this turn of the event loop is over, so that the client
  // has its answer's head before the first token whatever the upstream's pace.
  let wrote = false;
  setImmediate(() => {
    if (!wrote && !res.writableEnded && !res.destroyed) res.flushHeaders();
  });
  const send = (data: Buffer | string): boolean => {
    wrote = true;
    return res.write(data);
  };

  // Events are parsed only when they matter: until the first generated text (time to first token), and
  // those that can carry usage (a `"usage"` key that is not null: `mayCarryUsage`). The others' text is
  // needed only for the estimate when no usage arrives: their data — or the whole-event chunk they came
  // in, as bytes — is kept (up to PENDING_TEXT_CHARS, then counted) and counted at the end if so.
  let pending: (string | Buffer)[] = [];
  let pendingChars = 0;
  const keep = (data: string | Buffer) => {
    pending.push(data);
    pendingChars += data.length;
    if (pendingChars > PENDING_TEXT_CHARS) countPending();
  };
  const countData = (data: string) => {
    try {
      completionChars += deltaText(JSON.parse(data) as Record<string, unknown>).length;
    } catch {
      // not JSON: no text
    }
  };
  const countPending = () => {
    for (const item of pending) {
      if (typeof item === 'string') countData(item);
      else for (const event of new SseParser().push(item)) if (event.data !== null && event.data !== '[DONE]') countData(event.data);
    }
    pending = [];
    pendingChars = 0;
  };
  const settlePending = () => {
    if (usage === null) countPending();
    else pending = [];
  };

  /** Reads usage, time to first token and the estimate's text off one event; false to drop it (the usage-only chunk). */
  const inspect = (event: SseEvent): boolean => {
    if (transcript.length < opts.captureBytes) transcript += event.raw + '\n\n';
    if (event.data === null || event.data === '[DONE]') return true;
    if (ttftMs !== null && !mayCarryUsage(event.data)) {
      keep(event.data);
      return true;
    }
    try {
      const json = JSON.parse(event.data) as Record<string, unknown>;
      usage = streamedUsage(json) ?? usage;
      const text = deltaText(json);
      if (text) {
        completionChars += text.length;
        ttftMs ??= Math.round(performance.now() - opts.startedAt);
      }
      return !(opts.stripUsageChunk && isUsageOnlyChunk(json));
    } catch {
      return true; // not JSON: forward untouched
    }
  };

  /**
   * Writes the events; false when `res` is full (the caller pauses the upstream until it drains).
   * `chunk`, when given, is exactly these events as the upstream sent them: forwarded as it is (no
   * re-encoding) unless an event is dropped.
   */
  const forward = (events: SseEvent[], chunk?: Buffer): boolean => {
    let kept: SseEvent[] | null = null; // made only when an event is dropped
    for (let i = 0; i < events.length; i++) {
      if (inspect(events[i])) kept?.push(events[i]);
      else kept ??= events.slice(0, i);
    }
    if (opts.clientGone()) return true;
    if (chunk && kept === null) return send(chunk);
    let room = true;
    for (const event of kept ?? events) if (!send(event.raw + '\n\n')) room = false;
    return room;
  };

  /** The bytes so far ended on an event boundary: nothing of a partial event was taken in. */
  let boundary = true;

  // A provider's events become OpenAI ones one by one, before usage capture and the usage-chunk filter.
  const translator = opts.translation?.stream;
  const translate = (events: SseEvent[]): SseEvent[] =>
    translator ? events.flatMap((e) => (e.data === null ? [] : translator.push(e.data).map(translatedEvent))) : events;
  /** Whole chunks may skip the parser: nothing to translate, no transcript to keep. */
  const fastChunks = !translator && opts.captureBytes === 0;

  try {
    await pump(
      upstream.body,
      res,
      (chunk) => {
        // After the first token, a chunk of whole events that cannot carry usage (the usual chunk) is not
        // even decoded: it goes out as it came and is kept as bytes for a possible estimate. The parser
        // holds nothing then (the bytes so far ended on an event boundary), so it can skip the chunk.
        if (fastChunks && ttftMs !== null && boundary && endsOnBoundary(chunk) && !mayCarryUsage(chunk)) {
          // A copy: the chunk is a view into the socket's read, which it would keep whole until the end.
          keep(Buffer.from(chunk));
          return opts.clientGone() || send(chunk);
        }
        const events = parser.push(chunk);
        // A chunk of whole events (the usual case: one or more per write upstream), after bytes that also
        // ended on an event boundary, goes out as it came.
        const wasBoundary = boundary;
        boundary = endsOnBoundary(chunk) && parser.empty;
        return !translator && wasBoundary && boundary ? forward(events, chunk) : forward(translate(events));
      },
      opts.clientGone,
      () => forward([...translate(parser.end()), ...(translator?.flush().map(translatedEvent) ?? [])]),
    );
  } catch (err) {
    if (opts.clientGone() || isAbort(err)) throw err;
    settlePending();
    const failure = classifyUpstreamFailure(err, opts.timeoutMs);
    res.end(`data: ${JSON.stringify(failure.body())}\n\n`);
    const responseBody = captured(transcript, opts.captureBytes);
    return {
      statusCode: failure.status,
      ttftMs,
      usage,
      completionChars,
      errorType: failure.type,
      errorMessage: failure.message,
      responseBody,
    };
  }
  settlePending();
  const responseBody = captured(transcript, opts.captureBytes);
  return { statusCode: upstream.statusCode, ttftMs, usage, completionChars, errorType: null, errorMessage: null, responseBody };
}
