import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { UpstreamRequest } from '@switchyard/providers';
import { Agent, Dispatcher } from 'undici';

/**
 * One undici Agent for every upstream: it keeps a keep-alive connection pool per origin, so calls to
 * the same provider reuse warm TLS connections.
 */
@Injectable()
export class UpstreamClient implements OnApplicationShutdown {
  private readonly agent = new Agent({
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 10 * 60_000,
    connections: 512,
    connect: { timeout: 10_000 },
  });

  /**
   * Sends the request. `timeoutMs` bounds the wait for response headers and every idle gap in the
   * body (a stalled stream); `signal` aborts it when the client goes away.
   */
  send(request: UpstreamRequest, timeoutMs: number, signal: AbortSignal): Promise<Dispatcher.ResponseData> {
    const url = new URL(request.url);
    return this.agent.request({
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
    await this.agent.close();
  }
}
