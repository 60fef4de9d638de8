import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { ConfigurationService } from '../configuration/configuration.service';
import { Env } from '../core/env';
import { Metrics } from '../metrics/metrics.service';
import { SharedSpend } from '../users/shared-spend';
import { SpendTracker } from '../users/spend-tracker.service';
import { ProxyError } from './openai-error';

export type LimitKind = 'rpm' | 'tpm';

/**
 * One fixed-window counter per (kind, limit): the library fixes `points` per limiter. Redis-backed when
 * REDIS_URL is set (consume/reward/penalty are single atomic Lua/INCRBY calls, so instances share limits),
 * in memory otherwise. `consume` resolves with the state, rejects with a RateLimiterRes when over the
 * limit, and resolves `null` when the store is unreachable and `rateLimitFailMode` is `open`.
 */
export interface RateLimitStore {
  consume(key: string, points: number): Promise<RateLimiterRes | null>;
  reward(key: string, points: number): Promise<void>;
  penalty(key: string, points: number): Promise<void>;
}

const WARN_INTERVAL_MS = 30_000;

/** Chooses the store for the limiters and owns the one shared Redis client (also lent to the SpendTracker). */
@Injectable()
export class LimiterFactory implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimits');
  private readonly stores = new Map<string, RateLimitStore>();
  private readonly redis: Redis | null;
  private lastWarning = 0;

  constructor(
    private readonly env: Env,
    private readonly configuration: ConfigurationService,
    private readonly metrics: Metrics,
    spend: SpendTracker,
  ) {
    this.redis = env.redisUrl
      ? new Redis(env.redisUrl, {
          lazyConnect: true,
          // Fail fast while Redis is away instead of queueing limit checks behind a reconnect.
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectTimeout: 2_000,
          // At shutdown with Redis away, quit() fails and disconnect() waits this long, on a ref'd timer,
          // for a socket that already closed (ioredis' default 2 s held the process open that long).
          disconnectTimeout: 200,
        })
      : null;
    this.redis?.on('error', (err: Error) => this.warn(`Redis: ${err.message}`));
    if (this.redis) spend.share(new SharedSpend(this.redis, env.redisKeyPrefix, (err) => this.unavailable(err)));
  }

  onModuleInit(): void {
    this.redis?.connect().catch(() => undefined); // failures reach the 'error' listener
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.redis) return;
    await this.redis.quit().catch(() => this.redis?.disconnect());
  }

  get shared(): boolean {
    return this.redis !== null;
  }

  store(kind: LimitKind, limit: number): RateLimitStore {
    const name = `${kind}:${limit}`;
    let store = this.stores.get(name);
    if (!store) {
      const limiter: RateLimiterAbstract = this.redis
        ? new RateLimiterRedis({
            storeClient: this.redis,
            keyPrefix: `${this.env.redisKeyPrefix}:${kind}:${limit}`,
            points: limit,
            duration: 60,
            rejectIfRedisNotReady: true,
          })
        : new RateLimiterMemory({ points: limit, duration: 60 });
      store = this.wrap(limiter);
      this.stores.set(name, store);
    }
    return store;
  }

  private wrap(limiter: RateLimiterAbstract): RateLimitStore {
    return {
      consume: async (key, points) => {
        try {
          return await limiter.consume(key, points);
        } catch (err) {
          if (err instanceof RateLimiterRes) throw err;
          return this.unavailable(err);
        }
      },
      reward: async (key, points) => {
        await limiter.reward(key, points).catch((err: unknown) => this.unavailable(err));
      },
      penalty: async (key, points) => {
        await limiter.penalty(key, points).catch((err: unknown) => this.unavailable(err));
      },
    };
  }

  /** The store failed (not a refusal): count it, then let the call through or refuse it as configured. */
  private unavailable(err: unknown): null {
    this.metrics.rateLimitStoreError();
    const closed = this.configuration.get('rateLimitFailMode') === 'closed';
    this.warn(`rate-limit store unavailable (${err instanceof Error ? err.message : String(err)}); failing ${closed ? 'closed' : 'open'}`);
    if (closed) {
      throw new ProxyError(
        503,
        'Rate limits cannot be checked right now (the rate-limit store is unreachable). Try again shortly.',
        'server_error',
        'rate_limiter_unavailable',
        null,
        { 'retry-after': '5' },
      );
    }
    return null;
  }

  private warn(message: string): void {
    const now = Date.now();
    if (now - this.lastWarning < WARN_INTERVAL_MS) return;
    this.lastWarning = now;
    this.logger.warn(message);
  }
}
