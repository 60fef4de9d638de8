import { Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import { Interval, Timeout } from '@nestjs/schedule';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { ConfigurationService } from '../configuration/configuration.service';
import { Env } from '../core/env';
import { dedicatedConnection } from './dedicated-connection';

export const DEFAULT_LOG_RETENTION_OPTIONS = {
  batchRows: 10_000, // rows per DELETE: each one is a short transaction with short row locks
  pauseMs: 100, // between batches, so writers and replicas keep up
};
export type LogRetentionOptions = typeof DEFAULT_LOG_RETENTION_OPTIONS;
/** Optional provider overriding some of DEFAULT_LOG_RETENTION_OPTIONS. */
export const LOG_RETENTION_OPTIONS = Symbol('LOG_RETENTION_OPTIONS');

/** pg_try_advisory_lock key: "one instance of the cluster runs log retention". */
export const RETENTION_LOCK_KEY = 7_301_994_222;
const DAY_MS = 86_400_000;
const FIRST_RUN_MS = 60_000;
const EVERY_MS = 15 * 60_000;

// Oldest first through the (created_at, …) indexes; `id IN (… LIMIT n)` because DELETE has no LIMIT.
const DELETE_LOGS = 'DELETE FROM request_logs WHERE id IN (SELECT id FROM request_logs WHERE created_at < $1 ORDER BY created_at LIMIT $2)';
const DELETE_BODIES =
  'DELETE FROM request_log_bodies WHERE request_id IN ' +
  '(SELECT request_id FROM request_log_bodies WHERE created_at < $1 ORDER BY created_at LIMIT $2)';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Deletes raw request logs (and their bodies) older than `logRetentionDays`: a minute after boot,
 * then every 15 minutes. Batched deletes keep every lock short; a PostgreSQL advisory lock lets one
 * instance of a cluster do the work while the others skip. Hourly statistics (request_stats_hourly)
 * are never touched: they outlive the rows they summarise.
 */
@Injectable()
export class LogRetentionService implements OnApplicationShutdown {
  private readonly logger = new Logger(LogRetentionService.name);
  private readonly options: LogRetentionOptions;
  private running?: Promise<number>;
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly configuration: ConfigurationService,
    private readonly env: Env,
    @Optional() @Inject(LOG_RETENTION_OPTIONS) options?: Partial<LogRetentionOptions>,
  ) {
    this.options = { ...DEFAULT_LOG_RETENTION_OPTIONS, ...options };
  }

  @Timeout('log-retention-first-run', FIRST_RUN_MS)
  firstRun(): Promise<void> {
    return this.scheduled();
  }

  @Interval('log-retention', EVERY_MS)
  periodicRun(): Promise<void> {
    return this.scheduled();
  }

  /**
   * One pass: removes log rows and bodies older than `now` minus `logRetentionDays` × 24 h (rows exactly
   * at the cutoff stay). Returns the log rows removed; 0 when another instance holds the lock. A call
   * while a pass is running joins that pass instead of starting a second.
   */
  runOnce(now: Date = new Date()): Promise<number> {
    this.running ??= this.run(now).finally(() => (this.running = undefined));
    return this.running;
  }

  /** Lets a running pass stop after its current batch, so shutdown does not wait for a whole backlog. */
  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.running?.catch(() => undefined);
  }

  /** Tests drive retention through runOnce(); a timer firing mid-test would delete their old rows. */
  private async scheduled(): Promise<void> {
    if (this.env.nodeEnv === 'test' || this.stopping) return;
    try {
      await this.runOnce();
    } catch (err) {
      this.logger.error(`retention failed: ${err instanceof Error ? err.message : String(err)}; retrying at the next run`);
    }
  }

  private async run(now: Date): Promise<number> {
    const days = this.configuration.get('logRetentionDays');
    const cutoff = new Date(now.getTime() - days * DAY_MS);
    const client = await dedicatedConnection(this.dataSource);
    let failure: Error | undefined;
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [RETENTION_LOCK_KEY]);
      if (!rows[0]?.locked) {
        this.logger.debug('retention: another instance is running it');
        return 0;
      }
      try {
        const started = Date.now();
        const logs = await this.deleteInBatches(client, DELETE_LOGS, cutoff);
        const bodies = await this.deleteInBatches(client, DELETE_BODIES, cutoff);
        const took = Date.now() - started;
        if (logs > 0 || bodies > 0) {
          this.logger.log(
            `retention: removed ${logs} log rows older than ${cutoff.toISOString()} in ${took} ms (and ${bodies} stored bodies)`,
          );
        } else this.logger.debug(`retention: no log rows older than ${cutoff.toISOString()}`);
        return logs;
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [RETENTION_LOCK_KEY]);
      }
    } catch (err) {
      failure = err instanceof Error ? err : new Error(String(err));
      throw err;
    } finally {
      // After a failure the session may still hold the lock: discard it rather than pool it.
      client.release(failure);
    }
  }

  private async deleteInBatches(client: PoolClient, sql: string, cutoff: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const { rowCount } = await client.query(sql, [cutoff, this.options.batchRows]);
      total += rowCount ?? 0;
      if ((rowCount ?? 0) < this.options.batchRows || this.stopping) return total;
      await sleep(this.options.pauseMs);
    }
  }
}
