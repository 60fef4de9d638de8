import type { Redis } from 'ioredis';

/** Keeps an expired period's key this long past the period's end (clock skew between instances). */
const EXPIRY_MARGIN_MS = 60 * 60 * 1000;

/**
 * Seeds the key from the caller's view when it is missing (with an expiry unless the period is `total`),
 * then returns its value: KEYS[1] = key, ARGV[1] = seed in USD, ARGV[2] = expiry (epoch ms, 0 = none).
 */
const SEED_AND_GET = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX') and tonumber(ARGV[2]) > 0 then
  redis.call('PEXPIREAT', KEYS[1], ARGV[2])
end
return redis.call('GET', KEYS[1])`;

/** Adds ARGV[1] USD only to a seeded key: an unseeded one would miss what the database already holds. */
const ADD_IF_SEEDED = `
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.call('INCRBYFLOAT', KEYS[1], ARGV[1])
end
return false`;

/**
 * The current period's spend per user, shared by every instance through Redis (REDIS_URL):
 * `<prefix>:spend:<user id>:<period start epoch ms>`. Each key is seeded from an instance's view of the
 * database figure on the first budget check and then incremented atomically by every instance.
 */
export class SharedSpend {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** A Redis failure: logs and counts it; returns null (fail open) or throws the 503 (fail closed). */
    readonly unavailable: (err: unknown) => null,
  ) {}

  key(userId: string, periodStart: number): string {
    return `${this.prefix}:spend:${userId}:${periodStart}`;
  }

  /** The shared figure for the period, seeding it with `seed` when Redis has none yet. */
  async get(userId: string, periodStart: number, periodEnd: number | null, seed: number): Promise<number> {
    const expireAt = periodEnd === null ? 0 : periodEnd + EXPIRY_MARGIN_MS;
    const value = (await this.redis.eval(SEED_AND_GET, 1, this.key(userId, periodStart), seed.toFixed(8), String(expireAt))) as
      string | null;
    const usd = Number(value);
    return Number.isFinite(usd) ? usd : 0;
  }

  async add(userId: string, periodStart: number, usd: number): Promise<void> {
    await this.redis.eval(ADD_IF_SEEDED, 1, this.key(userId, periodStart), usd.toFixed(8));
  }
}
