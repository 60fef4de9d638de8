import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { ConfigurationService } from '../configuration/configuration.service';
import { Env } from '../core/env';
import { DEFAULT_MAX_BODY_BYTES } from './log-bodies';
import { MAX_BATCH_ROWS, NewRequestLog, StorableRequestLog, toStorableRow } from './log-mapper';
import { LogSpool, replaySpool } from './log-spool';
import { describeError, isRowError, isUniqueViolation, writeRows } from './log-sql';
import { DEFAULT_LOG_WRITER_OPTIONS, LOG_WRITER_OPTIONS, LogWriterOptions, LogWriterStats } from './log-writer.options';
import { RowQueue } from './row-queue';

export type { NewRequestLog } from './log-mapper';
export { RowQueue } from './row-queue';

const WARN_INTERVAL_MS = 10_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)).unref());

/**
 * The request log's write path. The proxy calls `enqueue` once per `/v1` call; rows wait in a bounded
 * in-memory queue and are written off the request path, one COPY per batch: a full batch as soon as
 * one waits, the rest on the next tick. Under steady load the batches stay full instead of shrinking
 * to what arrived during the previous write (every batch costs the database a statement and a
 * commit, and the gateway a connection round trip: docs/performance.md, tenth pass). A failed batch
 * goes back to the head of the queue and is retried with back-off; after a few failures (or once the
 * queue is long) the queue is spilled to DATA_DIR/spool and replayed when the database answers again.
 * Every INSERT skips request ids already stored, so a retried or replayed row is stored exactly once.
 * Shutdown drains the queue, spilling what it cannot write.
 */
@Injectable()
export class LogWriter implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(LogWriter.name);
  private readonly options: LogWriterOptions;
  private readonly queue = new RowQueue<StorableRequestLog>((row) => row.bodies?.bytes ?? 0);
  private readonly counters = {
    written: 0,
    dropped: 0,
    rejected: 0,
    batches: 0,
    failedBatches: 0,
    bodiesDropped: 0,
    spooled: 0,
    replayed: 0,
  };
  private readonly spool: LogSpool | null;
  private timer?: NodeJS.Timeout;
  private replayTimer?: NodeJS.Timeout;
  private replaying = false;
  private failures = 0;
  private kickPending = false;
  private lock: Promise<void> = Promise.resolve();
  private writing = false;
  private inFlight = 0;
  private retryDelayMs = 0;
  private retryAt = 0;
  private closed = false;
  private unreportedDrops = 0;
  private lastDropWarning = 0;
  private lastFailureWarning = 0;
  private lastBodyDropWarning = 0;

  constructor(
    private readonly dataSource: DataSource,
    @Optional() @Inject(LOG_WRITER_OPTIONS) options?: Partial<LogWriterOptions>,
    @Optional() private readonly configuration?: ConfigurationService,
    @Optional() env?: Env,
  ) {
    this.spool = env ? new LogSpool(path.join(env.dataDir, 'spool')) : null;
    this.options = { ...DEFAULT_LOG_WRITER_OPTIONS, ...options };
    this.options.batchRows = Math.min(Math.max(1, Math.floor(this.options.batchRows)), MAX_BATCH_ROWS);
  }

  onModuleInit(): void {
    this.timer ??= setInterval(() => this.tick(), this.options.flushIntervalMs);
    // Never keep the process alive for the log: shutdown drains the queue explicitly.
    this.timer.unref();
    if (!this.spool) return;
    void this.replay(); // rows a previous run spooled
    this.replayTimer ??= setInterval(() => void this.replay(), this.options.replayIntervalMs);
    this.replayTimer.unref();
  }

  /** Queues one row. Synchronous, never throws, never waits for the database: safe on the hot path. */
  enqueue(entry: NewRequestLog): void {
    try {
      if (this.closed) {
        this.drop(1);
        return;
      }
      const row = toStorableRow(entry, this.maxBodyBytes());
      if (row.bodies && this.queue.weight + row.bodies.bytes > this.options.maxQueuedBodyBytes) this.dropBodies(row);
      this.queue.push(row);
      const excess = this.queue.length + this.inFlight - this.options.maxQueuedRows;
      if (excess > 0) this.drop(this.queue.dropOldest(excess));
      if (this.queue.length >= this.options.batchRows) this.kick();
    } catch (err) {
      // The caller must never fail because of the log.
      this.logger.error(`could not queue a request log row: ${describeError(err)}`);
    }
  }

  /** Writes every queued row now. Rejects when a batch fails; its rows stay queued, in order. */
  flush(): Promise<void> {
    return this.exclusive(async () => {
      while (this.queue.length > 0) await this.writeBatch();
    });
  }

  stats(): LogWriterStats {
    return { queued: this.queue.length + this.inFlight, ...this.counters, spoolPending: this.spool?.pendingRows ?? 0 };
  }

  /** Runs after the HTTP server closed (no new rows) and before the DataSource is destroyed. */
  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    clearInterval(this.replayTimer);
    this.timer = this.replayTimer = undefined;
    const deadline = Date.now() + this.options.shutdownTimeoutMs;
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([
      this.drainUntil(deadline),
      new Promise<void>((resolve) => (timeout = setTimeout(resolve, this.options.shutdownTimeoutMs))),
    ]);
    clearTimeout(timeout);
    this.closed = true;
    // A batch still being written when time ran out is counted by retain() if it fails.
    if (this.spool && this.queue.length > 0) await this.spill();
    this.reportDrops(true);
    const lost = this.queue.clear();
    if (lost > 0) {
      this.counters.dropped += lost;
      this.logger.error(`${lost} request log rows could not be written before shutdown and are lost`);
    }
  }

  private async drainUntil(deadline: number): Promise<void> {
    while (this.queue.length + this.inFlight > 0 && Date.now() < deadline) {
      try {
        await this.flush();
      } catch {
        // Writes fail: the spool keeps the rows for the next start instead of waiting out the timeout.
        if (this.spool) return;
        await sleep(Math.min(this.retryDelayMs, deadline - Date.now()));
      }
    }
  }

  private tick(): void {
    this.reportDrops();
    if (!this.writing && this.failures > 0 && this.queue.length >= this.options.spoolAtQueuedRows) {
      this.exclusive(() => this.spill()).catch(() => undefined);
      return;
    }
    if (this.writing || this.queue.length === 0 || Date.now() < this.retryAt) return;
    // Failures are logged and scheduled for retry inside writeBatch.
    this.drain(this.queue.length).catch(() => undefined);
  }

  /** A full batch is waiting: write it soon, but not inside the caller's tick. */
  private kick(): void {
    if (this.kickPending || this.writing || Date.now() < this.retryAt) return;
    this.kickPending = true;
    setImmediate(() => {
      this.kickPending = false;
      if (!this.writing && Date.now() >= this.retryAt) this.drain(0).catch(() => undefined);
    }).unref();
  }

  /**
   * Writes the first `due` queued rows, then full batches for as long as one waits. Rows that arrive
   * meanwhile and do not fill a batch wait for the next tick: written at once, they would go as a
   * string of small batches for as long as the load lasts.
   */
  private drain(due: number): Promise<void> {
    return this.exclusive(async () => {
      const full = this.options.batchRows;
      while (this.queue.length > 0 && (due > 0 || this.queue.length >= full)) {
        const rows = this.queue.length >= full ? full : Math.min(due, full);
        due -= rows;
        await this.writeBatch(rows);
      }
    });
  }

  /** Serialises writers so batches reach the database in queue order. */
  private exclusive(work: () => Promise<void>): Promise<void> {
    const run = this.lock.then(async () => {
      this.writing = true;
      try {
        await work();
      } finally {
        this.writing = false;
      }
    });
    this.lock = run.catch(() => undefined);
    return run;
  }

  private maxBodyBytes(): number {
    const kb = this.configuration?.get('logBodyMaxKb');
    return typeof kb === 'number' ? kb * 1024 : DEFAULT_MAX_BODY_BYTES;
  }

  /** The database is behind and bodies pile up: keep the row, let its bodies go rather than the memory. */
  private dropBodies(row: StorableRequestLog): void {
    delete row.bodies;
    this.counters.bodiesDropped++;
    const now = Date.now();
    if (now - this.lastBodyDropWarning < WARN_INTERVAL_MS) return;
    this.lastBodyDropWarning = now;
    this.logger.warn(`request bodies not logged: ${this.options.maxQueuedBodyBytes} bytes of bodies are already waiting to be written`);
  }

  private async writeBatch(count = this.options.batchRows): Promise<void> {
    const rows = this.queue.take(count);
    this.inFlight = rows.length;
    try {
      await this.insert(rows);
    } catch (err) {
      if (isRowError(err)) return await this.writeOneByOne(rows);
      // The rows go back to the queue (and maybe on to the spool): no longer in flight.
      this.inFlight = 0;
      this.retain(rows, err);
      if (this.failures >= this.options.spoolAfterFailures || this.queue.length >= this.options.spoolAtQueuedRows) await this.spill();
      throw err;
    } finally {
      this.inFlight = 0;
    }
  }

  /** Some row of the batch is refused: write the others, drop only the culprits. */
  private async writeOneByOne(rows: StorableRequestLog[]): Promise<void> {
    for (let i = 0; i < rows.length; i++) {
      try {
        await this.insert([rows[i]]);
      } catch (err) {
        if (!isRowError(err)) {
          this.retain(rows.slice(i), err);
          throw err;
        }
        this.counters.rejected++;
        this.logger.warn(`the database refused a request log row (${describeError(err)}); it is skipped`);
      } finally {
        this.inFlight = rows.length - i - 1;
      }
    }
  }

  /**
   * Writes the rows with one COPY (the cheapest way in for PostgreSQL), or as the INSERT that skips
   * request ids already stored: when the COPY found one (a batch that was written before its answer
   * was lost, a duplicate in the queue), and at once for rows read back from the spool, which may
   * have been.
   */
  private async insert(rows: StorableRequestLog[], form: 'copy' | 'insert' = 'copy'): Promise<void> {
    try {
      await writeRows(this.dataSource, rows, form);
    } catch (err) {
      if (form === 'insert' || !isUniqueViolation(err)) throw err;
      await writeRows(this.dataSource, rows, 'insert');
    }
    this.counters.written += rows.length;
    this.counters.batches++;
    if (this.retryDelayMs > 0) this.logger.log('request log writes recovered');
    this.retryDelayMs = 0;
    this.retryAt = 0;
    this.failures = 0;
  }

  /** Moves the whole queue to a spool file; on a disk failure the rows stay queued. */
  private async spill(): Promise<void> {
    if (!this.spool || this.queue.length === 0) return;
    const rows = this.queue.take(this.queue.length);
    try {
      await this.spool.append(rows);
      this.counters.spooled += rows.length;
      this.logger.warn(`the database is unreachable: ${rows.length} request log rows spooled to ${this.spool.dir}`);
    } catch (err) {
      this.queue.putBack(rows);
      this.logger.error(`could not spool request log rows: ${describeError(err)}`);
    }
  }

  /** Writes spooled files back, oldest first, deleting each once its rows are committed. */
  private async replay(): Promise<void> {
    if (!this.spool || this.replaying) return;
    this.replaying = true;
    try {
      await replaySpool(
        this.spool,
        this.options.batchRows,
        (rows) => this.exclusive(() => this.insertSkippingRefused(rows)),
        (count) => {
          this.counters.replayed += count;
          this.logger.log(`replayed ${count} spooled request log rows`);
        },
      );
    } catch {
      // The database is still away (the file stays for the next attempt): retain() already warned.
    } finally {
      this.replaying = false;
    }
  }

  private async insertSkippingRefused(rows: StorableRequestLog[]): Promise<void> {
    try {
      await this.insert(rows, 'insert');
    } catch (err) {
      if (!isRowError(err)) throw err;
      for (const row of rows) {
        await this.insert([row], 'insert').catch((e: unknown) => {
          if (!isRowError(e)) throw e;
          this.counters.rejected++;
        });
      }
    }
  }

  /** A batch failed: its rows return to the head of the queue and wait for the back-off. */
  private retain(rows: StorableRequestLog[], err: unknown): void {
    this.counters.failedBatches++;
    this.failures++;
    if (this.closed) {
      this.drop(rows.length);
      return;
    }
    this.queue.putBack(rows);
    const excess = this.queue.length - this.options.maxQueuedRows;
    if (excess > 0) this.drop(this.queue.dropOldest(excess));
    this.retryDelayMs = Math.min(this.retryDelayMs ? this.retryDelayMs * 2 : this.options.flushIntervalMs, this.options.maxRetryDelayMs);
    this.retryAt = Date.now() + this.retryDelayMs;
    const now = Date.now();
    if (now - this.lastFailureWarning >= WARN_INTERVAL_MS) {
      this.lastFailureWarning = now;
      this.logger.warn(
        `writing ${rows.length} request log rows failed (${describeError(err)}); ${this.queue.length} queued, retrying in ${this.retryDelayMs} ms`,
      );
    }
  }

  private drop(count: number): void {
    if (count <= 0) return;
    this.counters.dropped += count;
    this.unreportedDrops += count;
    this.reportDrops();
  }

  private reportDrops(force = false): void {
    const now = Date.now();
    if (this.unreportedDrops === 0 || (!force && now - this.lastDropWarning < WARN_INTERVAL_MS)) return;
    this.lastDropWarning = now;
    const why = this.closed ? 'the writer has shut down' : `the queue is full (${this.options.maxQueuedRows} rows)`;
    this.logger.warn(`request log rows dropped: ${this.unreportedDrops} (${why})`);
    this.unreportedDrops = 0;
  }
}
