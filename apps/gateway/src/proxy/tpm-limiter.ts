import { Injectable } from '@nestjs/common';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { LimiterFactory, RateLimitStore } from './limiter-store';
import { ProxyError } from './openai-error';

/** A granted reservation, settled with the real usage when the call ends. */
export interface TokenReservation {
  userId: string;
  limit: number;
  tokens: number;
  remaining: number;
  resetMs: number;
}

/**
 * Tokens-per-minute limits. Admission reserves the worst case (prompt estimate + max completion
 * tokens) so concurrent streams cannot overshoot; `settle` gives back the unused part, or charges the
 * excess when the upstream used more than reserved. Each step is one atomic store operation (also in Redis).
 */
@Injectable()
export class TpmLimiter {
  constructor(private readonly stores: LimiterFactory) {}

  private limiter(limit: number): RateLimitStore {
    return this.stores.store('tpm', limit);
  }

  /** Reserves `tokens`; throws a 429 ProxyError when they do not fit in the user's minute (0 = no limit). */
  async reserve(userId: string, limit: number, tokens: number): Promise<TokenReservation | null> {
    if (limit <= 0) return null;
    if (tokens > limit) {
      throw new ProxyError(
        429,
        `This request may use up to ${tokens} tokens, more than this API key's limit of ${limit} tokens per minute. Lower max_tokens.`,
        'rate_limit_error',
        'rate_limit_exceeded',
        'max_tokens',
        tokenHeaders(limit, 0, 60_000),
      );
    }
    try {
      const res = await this.limiter(limit).consume(userId, tokens);
      // The shared store is down and fails open: nothing reserved, nothing to settle.
      if (!res) return null;
      return { userId, limit, tokens, remaining: res.remainingPoints, resetMs: res.msBeforeNext };
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      // The limiter counted the refused reservation; a refused call uses no tokens.
      await this.limiter(limit).reward(userId, tokens);
      const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      const available = Math.max(0, limit - (rejection.consumedPoints - tokens));
      throw new ProxyError(
        429,
        `Rate limit reached: ${limit} tokens per minute for this API key; this request reserves ${tokens} and ${available} are left. Try again in ${retryAfter} s.`,
        'rate_limit_error',
        'rate_limit_exceeded',
        null,
        { 'retry-after': String(retryAfter), ...tokenHeaders(limit, available, rejection.msBeforeNext) },
      );
    }
  }

  /** Replaces the reservation with what the call really used. */
  async settle(reservation: TokenReservation, usedTokens: number): Promise<void> {
    const limiter = this.limiter(reservation.limit);
    const difference = usedTokens - reservation.tokens;
    if (difference < 0) await limiter.reward(reservation.userId, -difference);
    else if (difference > 0) await limiter.penalty(reservation.userId, difference);
  }
}

export function tokenHeaders(limit: number, remaining: number, resetMs: number): Record<string, string> {
  return {
    'x-ratelimit-limit-tokens': String(limit),
    'x-ratelimit-remaining-tokens': String(Math.max(0, remaining)),
    'x-ratelimit-reset-tokens': `${Math.ceil(resetMs / 1000)}s`,
  };
}
