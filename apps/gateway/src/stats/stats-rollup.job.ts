import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { Client } from 'pg';
import { DATABASE_URL } from '../core/change-bus';
import { RECOMPUTE_HOURS, rollUpStats, RollupOptions, RollupResult } from './rollup';
import { StatsClock } from './stats-clock';

export const STATS_ROLLUP_JOB = 'stats-rollup';
/** A scheduled run catching up after a long stop rolls at most this many hours; the next run goes on. */
const SCHEDULED_MAX_HOURS = 24 * 7;

/**
 * Keeps the hourly statistics rollups current: every minute, and on demand (`rollUp()`: the seed
 * script, tests). Instances share the work through a PostgreSQL advisory lock: a scheduled run skips
 * when another instance holds it. Each run uses a connection of its own, since the lock belongs to the
 * session; runs in this process never overlap.
 */
@Injectable()
export class StatsRollupJob implements BeforeApplicationShutdown {
  private readonly logger = new Logger(StatsRollupJob.name);
  private queue: Promise<unknown> = Promise.resolve();
  private scheduledPending = false;
  private readonly closing = new AbortController();

  constructor(
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    private readonly clock: StatsClock,
  ) {}

  @Cron(CronExpression.EVERY_MINUTE, { name: STATS_ROLLUP_JOB })
  async onSchedule(): Promise<void> {
    if (this.scheduledPending) return; // the previous tick is still queued or running
    this.scheduledPending = true;
    try {
      await this.enqueue({ wait: false, maxHours: SCHEDULED_MAX_HOURS });
    } catch (err) {
      this.logger.warn(`rolling up request statistics failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.scheduledPending = false;
    }
  }

  /** Brings the rollups up to date now, waiting for a run in progress here or on another instance. */
  async rollUp(): Promise<void> {
    await this.enqueue({ wait: true });
  }

  /** A run in progress stops after its current hour (each hour is its own transaction). */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing.abort();
    await this.queue;
  }

  private enqueue(options: Omit<RollupOptions, 'now'>): Promise<RollupResult | null> {
    const run = this.queue.then(() => this.runOnce(options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runOnce(options: Omit<RollupOptions, 'now'>): Promise<RollupResult | null> {
    if (this.closing.signal.aborted) return null;
    const client = new Client({ connectionString: this.databaseUrl, application_name: 'switchyard-stats-rollup' });
    client.on('error', () => undefined); // a dropped connection fails the running query, which reports it
    await client.connect();
    try {
      const result = await rollUpStats(client, { ...options, now: this.clock.now(), signal: this.closing.signal });
      if (result.hours > RECOMPUTE_HOURS) {
        this.logger.log(`rolled up ${result.hours} hours of request statistics${result.caughtUp ? '' : '; catching up'}`);
      }
      return result;
    } finally {
      await client.end();
    }
  }
}
