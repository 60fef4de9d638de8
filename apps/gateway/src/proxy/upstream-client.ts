import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { UpstreamRequest } from '@switchyard/providers';
import { EventEmitter } from 'node:events';
import { Agent, Dispatcher } from 'undici';
import { UrlGuard } from '../core/url-guard';

/**
 * Cancels an upstream call when its client goes. undici takes an EventEmitter with `aborted` as a
 * request's `signal`: far cheaper per call than an AbortController (an EventTarget).
 */
export class UpstreamAbort extends EventEmitter {
  constructor(public aborted = false) {
    super();
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.emit('abort');
  }

  /** Waits `ms`, or less when aborted first. */
  sleep(ms: number): Promise<void> {
    if (this.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.off('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.once('abort', done);
    });
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
   * Sends the request. `timeoutMs` bounds the wait for response headers and every idle gap in the
   * body (a stalled stream); `signal` aborts it when the client goes away. Without
   * `allowPrivateNetwork`, a non-public upstream address fails the call with `EADDRNOTALLOWED`.
   */
  async send(
    request: UpstreamRequest,
    timeoutMs: number,
    signal: UpstreamAbort,
    allowPrivateNetwork: boolean,
  ): Promise<Dispatcher.ResponseData> {
    const url = parseUrl(request.url);
    // IP literals never go through the lookup.
    if (!allowPrivateNetwork) this.urlGuard.assertLiteralAllowed(url.hostname);
    return (allowPrivateNetwork ? this.anyNetwork : this.publicOnly).request({
      origin: url.origin,
      path: url.path,
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.publicOnly.close(), this.anyNetwork.close()]);
  }
}
