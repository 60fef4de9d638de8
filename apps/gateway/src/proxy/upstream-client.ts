import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { UpstreamRequest } from '@switchyard/providers';
import { Agent, Dispatcher } from 'undici';
import { UrlGuard } from '../core/url-guard';

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
    signal: AbortSignal,
    allowPrivateNetwork: boolean,
  ): Promise<Dispatcher.ResponseData> {
    const url = new URL(request.url);
    // IP literals never go through the lookup.
    if (!allowPrivateNetwork) this.urlGuard.assertLiteralAllowed(url.hostname);
    return (allowPrivateNetwork ? this.anyNetwork : this.publicOnly).request({
      origin: url.origin,
      path: url.pathname + url.search,
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
