/** The request log writer's tunables and its counters (the LogWriter is in log-writer.service.ts). */
import { MAX_BATCH_ROWS } from './log-mapper';

export const DEFAULT_LOG_WRITER_OPTIONS = {
  flushIntervalMs: 200, // how often the rows queued at that moment are written
  batchRows: MAX_BATCH_ROWS, // rows per COPY / INSERT; a full batch is written at once, without waiting for the tick
  maxQueuedRows: 100_000, // beyond this the oldest rows are dropped, and counted
  shutdownTimeoutMs: 10_000, // how long shutdown waits for the queue to drain
  maxRetryDelayMs: 30_000, // ceiling of the back-off between retries of a failed batch
  maxQueuedBodyBytes: 256 * 1024 * 1024, // beyond this, new rows are queued without their bodies, counted
  spoolAfterFailures: 3, // consecutive failed writes after which the queue moves to DATA_DIR/spool
  spoolAtQueuedRows: 10_000, // or sooner, once this many rows wait while writes fail
  replayIntervalMs: 5_000, // how often spooled rows are offered back to the database
};
export type LogWriterOptions = Record<keyof typeof DEFAULT_LOG_WRITER_OPTIONS, number>;

/** Optional provider overriding some of DEFAULT_LOG_WRITER_OPTIONS. */
export const LOG_WRITER_OPTIONS = Symbol('LOG_WRITER_OPTIONS');

export interface LogWriterStats {
  queued: number; // waiting in memory, a batch being written included
  written: number; // committed (replayed rows included)
  dropped: number; // queue full, or still unwritten when shutdown gave up (and no spool)
  rejected: number; // refused by the database row by row (data errors) and skipped
  batches: number; // successful COPY / INSERT statements
  failedBatches: number;
  bodiesDropped: number; // rows queued without their bodies because queued bodies reached maxQueuedBodyBytes
  spooled: number; // moved to DATA_DIR/spool while the database failed
  replayed: number; // read back from the spool and committed
  spoolPending: number; // rows in spool files now
}
