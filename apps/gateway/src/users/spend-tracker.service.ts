import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { BudgetPeriod } from '@switchyard/contracts';
import { DataSource } from 'typeorm';
import { periodEnd, periodStart } from './budget-period';
import { SharedSpend } from './shared-spend';
import { UserKeyHolder } from './user-mapper';

interface Pending {
  userId: string;
  periodStart: number;
  usd: number;
  lastUsed: number;
}

/** A budget period's bounds, in ms since the epoch; `end` is Infinity for `total`. */
interface PeriodBounds {
  start: number;
  end: number;
}

const FLUSH_MS = 1_000;

/**
 * Per-user spend and last use, counted in memory on the hot path and added to `api_users` about once
 * a second in one UPDATE for all users. `spent()` = the snapshot's value + what was written since the
 * snapshot's load started + what is not written yet, so a budget holds between snapshot reloads.
 * With REDIS_URL the current period's spend is also counted in Redis (see SharedSpend), so a call on
 * one instance counts against the budget on every other at once; the database stays the record.
 */
@Injectable()
export class SpendTracker implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SpendTracker.name);
  /** By period start, then user id: the hot path builds no key string. */
  private pending = new Map<number, Map<string, Pending>>();
  /** The period each kind was last asked about: a call inside it needs no date arithmetic. */
  private readonly periods = new Map<BudgetPeriod, PeriodBounds>();
  /** Written since some snapshot load began: `seq` orders them against load starts. */
  private written: (Pending & { seq: number })[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | null = null;
  private shared: SharedSpend | null = null;

  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush().catch(() => undefined), FLUSH_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush().catch((err: Error) => this.logger.error(`could not save the last spend figures: ${err.message}`));
  }

  /** Counts spend in Redis as well (called by the limiter factory, which owns the Redis client). */
  share(shared: SharedSpend): void {
    this.shared = shared;
  }

  /** Records a finished call (cost may be 0) for the user's current budget period. */
  add(userId: string, usd: number, period: BudgetPeriod, now?: Date): void {
    const time = now ? now.getTime() : Date.now();
    const start = this.bounds(period, time).start;
    const entry = this.entry(userId, start);
    const counted = Number.isFinite(usd) && usd > 0 ? usd : 0;
    entry.usd += counted;
    entry.lastUsed = Math.max(entry.lastUsed, time);
    if (this.shared && counted > 0) {
      // Fire and forget: a failure is logged and counted; the local count and the database still hold it.
      const shared = this.shared;
      void shared.add(userId, start, usd).catch((err: unknown) => {
        try {
          shared.unavailable(err);
        } catch {
          // fail-closed mode refuses calls at the budget check, not here: the call has already been made
        }
      });
    }
  }

  /** Spend of the user's current period, including what this instance has not written yet. */
  spent(user: UserKeyHolder, now?: Date): number {
    const start = this.bounds(user.budgetPeriod, now ? now.getTime() : Date.now()).start;
    let total = user.spentUsd;
    for (const w of this.written) if (w.userId === user.id && w.periodStart === start) total += w.usd;
    return total + (this.pending.get(start)?.get(user.id)?.usd ?? 0);
  }

  /**
   * `spent()`, or the spend every instance has counted in Redis when that is higher (REDIS_URL set).
   * If Redis is unreachable, the local figure (`rateLimitFailMode` open) or a 503 (closed).
   */
  async spentShared(user: UserKeyHolder, now?: Date): Promise<number> {
    const local = this.spent(user, now);
    if (!this.shared) return local;
    const { start, end } = this.bounds(user.budgetPeriod, now ? now.getTime() : Date.now());
    try {
      return Math.max(local, await this.shared.get(user.id, start, Number.isFinite(end) ? end : null, local));
    } catch (err) {
      this.shared.unavailable(err);
      return local;
    }
  }

  /** Call when a snapshot load starts; pass the result to `snapshotLoaded` when it has finished. */
  snapshotLoading(): number {
    return this.seq;
  }

  /** Writes made before the load began are now part of the snapshot's figures. */
  snapshotLoaded(mark: number): void {
    this.written = this.written.filter((w) => w.seq > mark);
  }

  /** Adds everything pending to the database in one statement; failed entries are kept for the next try. */
  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => (this.flushing = null));
    return this.flushing;
  }

  /** The bounds of the `period` containing `time`; date arithmetic only when `time` left the last one. */
  private bounds(period: BudgetPeriod, time: number): PeriodBounds {
    const known = this.periods.get(period);
    if (known && time >= known.start && time < known.end) return known;
    const at = new Date(time);
    const bounds = { start: periodStart(period, at).getTime(), end: periodEnd(period, at)?.getTime() ?? Infinity };
    this.periods.set(period, bounds);
    return bounds;
  }

  private entry(userId: string, periodStart: number): Pending {
    let users = this.pending.get(periodStart);
    if (!users) this.pending.set(periodStart, (users = new Map()));
    let entry = users.get(userId);
    if (!entry) users.set(userId, (entry = { userId, periodStart, usd: 0, lastUsed: 0 }));
    return entry;
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    // At a period boundary a user can have entries for two periods: the older one no longer counts.
    const latest = new Map<string, Pending>();
    for (const users of this.pending.values()) {
      for (const p of users.values()) {
        const seen = latest.get(p.userId);
        if (!seen || p.periodStart > seen.periodStart) latest.set(p.userId, { ...p, lastUsed: Math.max(p.lastUsed, seen?.lastUsed ?? 0) });
        else seen.lastUsed = Math.max(seen.lastUsed, p.lastUsed);
      }
    }
    const batch = [...latest.values()];
    this.pending = new Map();
    try {
      await this.dataSource.query(
        `UPDATE api_users AS u SET
           spent_usd = CASE WHEN u.spent_period_start IS NOT DISTINCT FROM v.period_start THEN u.spent_usd + v.usd ELSE v.usd END,
           spent_period_start = v.period_start,
           last_used_at = GREATEST(u.last_used_at, v.last_used)
         FROM unnest($1::uuid[], $2::numeric[], $3::timestamptz[], $4::timestamptz[]) AS v(id, usd, period_start, last_used)
         WHERE u.id = v.id AND (u.spent_period_start IS NULL OR u.spent_period_start <= v.period_start)`,
        [
          batch.map((b) => b.userId),
          batch.map((b) => b.usd.toFixed(8)),
          batch.map((b) => new Date(b.periodStart).toISOString()),
          batch.map((b) => new Date(b.lastUsed).toISOString()),
        ],
      );
      const seq = ++this.seq;
      this.written.push(...batch.map((b) => ({ ...b, seq })));
    } catch (err) {
      for (const b of batch) {
        const current = this.entry(b.userId, b.periodStart);
        current.usd += b.usd;
        current.lastUsed = Math.max(current.lastUsed, b.lastUsed);
      }
      throw err;
    }
  }
}
