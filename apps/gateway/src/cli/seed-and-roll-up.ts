import { Pool } from 'pg';
import { defaultSettings } from '../configuration/settings.registry';
import { HOUR_MS, rollUpStats, RollupResult } from '../stats/rollup';
import { seedRequestLogs, SeedResult } from './seed-data';

const DAY_MS = 86_400_000;
/** Two statements at a time: generating rows is CPU-bound, and each statement keeps one core busy. */
const SEED_CONCURRENCY = 2;

export interface SeedAndRollUpOptions {
  rows: number;
  now?: Date;
  days?: number;
  onProgress?: (inserted: number) => void;
}

export interface SeedAndRollUpResult {
  seeded: SeedResult;
  rolled: RollupResult;
  rollupMs: number;
}

/**
 * Seeds `rows` request_logs rows into the database at `databaseUrl` (migrated already), then brings
 * the statistics rollups up to date, recomputing the hours the new rows fell into — but never an hour
 * older than the retention window: its raw rows may be gone, and recomputing it would replace the kept
 * statistics with what is left.
 */
export async function seedAndRollUp(databaseUrl: string, options: SeedAndRollUpOptions): Promise<SeedAndRollUpResult> {
  const now = options.now ?? new Date();
  const days = options.days ?? 7;
  const pool = new Pool({
    connectionString: databaseUrl,
    max: SEED_CONCURRENCY,
    application_name: 'switchyard-seed-logs',
    // Each statement sorts its rows by time; in memory rather than on disk.
    options: '-c work_mem=64MB',
  });
  // pool.end() resolves before its connections have closed: an embedded server stopped right after
  // would make them fail as idle clients, which must not crash the process.
  pool.on('error', () => undefined);
  try {
    const seeded = await seedRequestLogs(pool, {
      rows: options.rows,
      now,
      days,
      concurrency: SEED_CONCURRENCY,
      onProgress: options.onProgress,
    });
    const rollStarted = Date.now();
    const keepFrom = await retentionStart(pool, now);
    // The advisory lock belongs to a session: the whole rollup runs on one connection.
    const client = await pool.connect();
    try {
      const recomputeFrom = seeded.from > keepFrom ? seeded.from : keepFrom;
      const rolled = await rollUpStats(client, { now, wait: true, recomputeFrom });
      return { seeded, rolled, rollupMs: Date.now() - rollStarted };
    } finally {
      client.release();
    }
  } finally {
    await pool.end();
  }
}

async function retentionStart(pool: Pool, now: Date): Promise<Date> {
  const { rows } = await pool.query<{ days: unknown }>("SELECT value AS days FROM configuration WHERE key = 'logRetentionDays'");
  const days = typeof rows[0]?.days === 'number' ? rows[0].days : defaultSettings().logRetentionDays;
  return new Date(now.getTime() - days * DAY_MS + HOUR_MS);
}
