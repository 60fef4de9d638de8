import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { UpstreamRequest } from '@switchyard/providers';
import type { IncomingHttpHeaders } from 'node:http';
import { Agent, Dispatcher, errors } from 'undici';
import { UrlGuard } from '../core/url-guard';
import { BodyChunks, CollectedBody } from './collect-body';

/**
 * Cancels the upstream call in progress when its client goes, and cuts a pause between attempts short.
 * Failover does one thing at a time, so each is a single slot.
 */
export class UpstreamAbort {
  private call: UpstreamCall | null = null;
  private wake: (() => void) | null = null;

  constructor(public aborted = false) {}

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.call?.abort();
    this.wake?.();
  }

  /** @internal the call that `abort()` cancels. */
  bind(call: UpstreamCall | null): void {
    this.call = call;
  }

  /** Waits `ms`, or less when aborted first. */
  sleep(ms: number): Promise<void> {
    if (this.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}

/** Where an upstream body's chunks go. */
export interface BodySink {
  /** A chunk; returning false pauses the body until `resume()`. */
  data(chunk: Buffer): boolean;
  end(): void;
  error(err: Error): void;
}

/** Unread bytes an upstream body keeps before it pauses the connection (until a sink reads them). */
const MAX_QUEUED_BYTES = 64 * 1024;

/**
 * An upstream answer's body as undici delivers it: each chunk is handed to one sink, with back-pressure
 * through undici's own pause/resume — no stream object and no promise per chunk. Chunks that arrive
 * before the sink (the headers resolve a promise; the first bytes often come in the same read) wait in
 * a small queue.
 */
export class UpstreamBody {
  private sink: BodySink | null = null;
  private reading = false;
  private queue: Buffer[] | null = null;
  private queuedBytes = 0;
  /** How the body ended (`true`: complete), or null while it is coming. */
  private outcome: true | Error | null = null;

  constructor(private readonly controller: Dispatcher.DispatchController) {}

  /** Sends the body to `sink`: what has arrived, then each chunk as it comes, then `end` or `error`. Once per body. */
  pipeTo(sink: BodySink): void {
    if (this.reading) throw new Error('The upstream body is already being read');
    this.reading = true;
    const queue = this.queue;
    this.queue = null;
    this.queuedBytes = 0;
    let room = true;
    for (let i = 0; queue !== null && i < queue.length && this.reading; i++) room = sink.data(queue[i]) && room;
    if (!this.reading) return; // the sink destroyed the body
    if (this.outcome === null) {
      this.sink = sink;
      if (room) this.controller.resume();
      else this.controller.pause();
    } else if (this.outcome === true) sink.end();
    else if (this.outcome) sink.error(this.outcome);
  }

  /** The whole body, up to `limitBytes`; past that the rest is dropped and the upstream call ended. */
  collect(limitBytes: number): Promise<CollectedBody> {
    return new Promise((resolve, reject) => {
      const chunks = new BodyChunks(limitBytes);
      this.pipeTo({
        data: (chunk) => {
          if (chunks.add(chunk)) return true;
          this.destroy();
          resolve({ body: chunks.bytes(), over: true });
          return false;
        },
        end: () => resolve({ body: chunks.bytes(), over: false }),
        error: reject,
      });
    });
  }

  /** Goes on after a sink asked for a pause (returned false). */
  resume(): void {
    if (this.outcome === null) this.controller.resume();
  }

  /** Stops reading: the upstream call is ended and the sink hears nothing more. */
  destroy(): void {
    this.sink = null;
    this.reading = false; // ends a pipeTo flush in progress
    this.queue = null;
    if (this.outcome !== null) return;
    const reason = new errors.RequestAbortedError();
    this.outcome = reason;
    this.controller.abort(reason);
  }

  /** @internal from the dispatch handler */
  push(chunk: Buffer): void {
    if (this.sink) {
      if (!this.sink.data(chunk)) this.controller.pause();
    } else if (this.outcome === null) {
      (this.queue ??= []).push(chunk);
      this.queuedBytes += chunk.length;
      if (this.queuedBytes >= MAX_QUEUED_BYTES) this.controller.pause();
    }
  }

  /** @internal from the dispatch handler */
  finish(err?: Error): void {
    if (this.outcome !== null) return;
    this.outcome = err ?? true;
    const sink = this.sink;
    this.sink = null;
    if (!sink) return;
    if (err) sink.error(err);
    else sink.end();
  }
}

/** An upstream answer, from its headers on. */
export interface UpstreamResponse {
  statusCode: number;
  /** Lower-case names. */
  headers: IncomingHttpHeaders;
  body: UpstreamBody;
}

/**
 * One upstream call as an undici dispatch handler: resolves with the answer at its headers, then feeds
 * its body. Cheaper per call than undici's `request()` (no Readable, no AsyncResource, no abort
 * listener on the signal).
 */
class UpstreamCall implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | null = null;
  private body: UpstreamBody | null = null;

  constructor(
    private readonly signal: UpstreamAbort,
    private resolve: ((response: UpstreamResponse) => void) | null,
    private readonly reject: (err: Error) => void,
  ) {
    signal.bind(this);
  }

  abort(): void {
    // Before the request starts, `onRequestStart` sees the signal aborted.
    this.controller?.abort(new errors.RequestAbortedError());
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.signal.aborted) controller.abort(new errors.RequestAbortedError());
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    if (statusCode < 200 || !this.resolve) return; // 1xx: informational, the answer follows
    const resolve = this.resolve;
    this.resolve = null;
    this.body = new UpstreamBody(controller);
    resolve({ statusCode, headers, body: this.body });
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.body?.push(chunk);
  }

  onResponseEnd(): void {
    this.signal.bind(null);
    this.body?.finish();
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    this.signal.bind(null);
    if (this.body) this.body.finish(err);
    else if (this.resolve) {
      this.resolve = null;
      this.reject(err);
    }
  }
}

/** Origin and path of an upstream URL, parsed once per distinct URL (an API's endpoints: a handful). */
const parsedUrls = new Map<string, { origin: string; path: string; hostname: string }>();
const MAX_PARSED_URLS = 1000;

function parseUrl(raw: string): { origin: string; path: string; hostname: string } {
  let parsed = parsedUrls.get(raw);
  if (parsed === undefined) {
    const url = new URL(raw);
    parsed = { origin: url.origin, path: url.pathname + url.search, hostname: url.hostname };
    if (parsedUrls.size >= MAX_PARSED_URLS) parsedUrls.clear();
    parsedUrls.set(raw, parsed);
  }
  return parsed;
}

/**
 * One undici Agent per network policy for every upstream: each keeps a keep-alive connection pool per
 * origin, so calls to the same provider reuse warm TLS connections. Names are resolved at connect
 * time through the SSRF guard's lookup, so an upstream whose DNS turns private after it was saved
 * (DNS rebinding) is refused unless its API allows private networks.
 */
@Injectable()
export class UpstreamClient implements OnApplicationShutdown {
  private readonly publicOnly: Agent;
  private readonly anyNetwork: Agent;

  constructor(private readonly urlGuard: UrlGuard) {
    this.publicOnly = UpstreamClient.agent(urlGuard, false);
    this.anyNetwork = UpstreamClient.agent(urlGuard, true);
  }

  private static agent(urlGuard: UrlGuard, allowPrivateNetwork: boolean): Agent {
    return new Agent({
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 10 * 60_000,
      connections: 512,
      connect: { timeout: 10_000, lookup: urlGuard.connectLookup(allowPrivateNetwork) },
    });
  }

  /**
   * Sends the request; resolves at the answer's headers. `timeoutMs` bounds the wait for them and every
   * idle gap in the body (a stalled stream); `signal` aborts the call when the client goes away.
   * Without `allowPrivateNetwork`, a non-public upstream address fails the call with `EADDRNOTALLOWED`.
   */
  send(request: UpstreamRequest, timeoutMs: number, signal: UpstreamAbort, allowPrivateNetwork: boolean): Promise<UpstreamResponse> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(new errors.RequestAbortedError());
      const url = parseUrl(request.url);
      // IP literals never go through the lookup.
      if (!allowPrivateNetwork) this.urlGuard.assertLiteralAllowed(url.hostname);
      (allowPrivateNetwork ? this.anyNetwork : this.publicOnly).dispatch(
        {
          origin: url.origin,
          path: url.path,
          method: request.method,
          headers: request.headers,
          body: request.body,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        },
        new UpstreamCall(signal, resolve, reject),
      );
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.publicOnly.close(), this.anyNetwork.close()]);
  }
}
