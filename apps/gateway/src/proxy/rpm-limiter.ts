import { Injectable } from '@nestjs/common';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { LimiterFactory } from './limiter-store';
import { ProxyError } from './openai-error';

export interface RateLimitState {
  limit: number;
  remaining: number;
  resetMs: number;
}

/** Requests-per-minute limits per user: in memory, or shared by every instance through Redis (LimiterFactory). */
@Injectable()
export class RpmLimiter {
  constructor(private readonly stores: LimiterFactory) {}

  /**
   * Counts one request; throws a 429 ProxyError when the user is over `limit` (0 = no limit). Null also
   * when the shared store is down and fails open.
   */
  async consume(userId: string, limit: number): Promise<RateLimitState | null> {
    if (limit <= 0) return null;
    try {
      const res = await this.stores.store('rpm', limit).consume(userId, 1);
      return res && { limit, remaining: res.remainingPoints, resetMs: res.msBeforeNext };
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw new ProxyError(
        429,
        `Rate limit reached: ${limit} requests per minute for this API key. Try again in ${retryAfter} s.`,
        'rate_limit_error',
        'rate_limit_exceeded',
        null,
        { 'retry-after': String(retryAfter), ...rateLimitHeaders({ limit, remaining: 0, resetMs: rejection.msBeforeNext }) },
      );
    }
  }
}

/** OpenAI's names for rate-limit headers. */
export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  return {
    'x-ratelimit-limit-requests': String(state.limit),
    'x-ratelimit-remaining-requests': String(Math.max(0, state.remaining)),
    'x-ratelimit-reset-requests': `${Math.ceil(state.resetMs / 1000)}s`,
  };
}
