import type { ClientBase } from 'pg';
import { sumHistogramsSql } from './histogram';
import { aggregateLogsSql, bucketedLogsSql } from './stats-sql';

export const HOUR_MS = 3_600_000;
/** Completed hours recomputed on every run, so rows written late (stamped with their start) count. */
export const RECOMPUTE_HOURS = 2;
/** pg_advisory_lock key: "one instance rolls up at a time" (migrations use …221, log retention …222). */
export const STATS_ROLLUP_LOCK_KEY = 7_301_994_231;

export const floorHour = (t: Date | number): Date => new Date(Math.floor(new Date(t).getTime() / HOUR_MS) * HOUR_MS);

/** Rolls one hour [$1, $2) of request_logs into request_stats_hourly, one row per group, one statement. */
const INSERT_HOUR_SQL = `
  INSERT INTO request_stats_hourly
    (hour, user_id, model, api_id, requests, errors, prompt_tokens, completion_tokens, cost_usd, latency_hist, ttft_hist, ttft_count)
  SELECT $1::timestamptz, user_id, model, api_id, requests, errors, prompt_tokens, completion_tokens, cost_usd,
         latency_hist, ttft_hist, ttft_count
    FROM (${aggregateLogsSql(bucketedLogsSql(), ['user_id', 'model', 'api_id'])}) AS hour_groups`;

/** The hour's groups summed into its one totals row (a few hundred rows at most). */
const INSERT_TOTALS_SQL = `
  INSERT INTO request_stats_hourly_totals
    (hour, requests, errors, prompt_tokens, completion_tokens, cost_usd, latency_hist, ttft_hist, ttft_count)
  SELECT $1::timestamptz, sum(requests), sum(errors), sum(prompt_tokens), sum(completion_tokens), sum(cost_usd),
         ${sumHistogramsSql('latency_hist')}, ${sumHistogramsSql('ttft_hist')}, sum(ttft_count)
    FROM request_stats_hourly
   WHERE hour = $1
  HAVING count(*) > 0`;

const ADVANCE_SQL = `
  INSERT INTO stats_rollup_state (id, rolled_until) VALUES (1, $1)
  ON CONFLICT (id) DO UPDATE
     SET rolled_until = GREATEST(stats_rollup_state.rolled_until, EXCLUDED.rolled_until), updated_at = now()`;

export interface RollupOptions {
  now: Date;
  /** Wait for a run of another instance to end (seed, tests, direct calls); otherwise skip when locked. */
  wait: boolean;
  /** Roll at most this many hours in this run (a long catch-up continues in the next run). */
  maxHours?: number;
  /** Also recompute every completed hour from this one on (the seed wrote rows into old hours). */
  recomputeFrom?: Date;
  /** Stops the run between two hours (shutdown); what is done stays done. */
  signal?: AbortSignal;
}

export interface RollupResult {
  /** False when another instance held the lock and `wait` was false: nothing was done. */
  ran: boolean;
  /** Hours (re)computed. */
  hours: number;
  /** Every hour before this one has been rolled up (null when the run was skipped). */
  rolledUntil: Date | null;
  /** True when every completed hour is rolled up. */
  caughtUp: boolean;
}

/** Start of the first hour not rolled up yet, or null before the first run. */
export async function readRolledUntil(client: Pick<ClientBase, 'query'>): Promise<Date | null> {
  const { rows } = await client.query<{ rolled_until: Date }>('SELECT rolled_until FROM stats_rollup_state WHERE id = 1');
  return rows[0]?.rolled_until ?? null;
}

/**
 * Brings request_stats_hourly (and its per-hour totals) up to date with request_logs, on a connection
 * of its own (the advisory lock belongs to the session). Each hour is replaced in its own transaction
 * (delete + insert + advance the watermark), so a run that stops half-way keeps what it did and
 * readers never see half an hour.
 * Hours already rolled up are never recomputed except the last RECOMPUTE_HOURS (and `recomputeFrom`):
 * log retention deletes old raw rows, and their rollups must stay.
 */
export async function rollUpStats(client: ClientBase, options: RollupOptions): Promise<RollupResult> {
  if (options.wait) {
    await client.query('SELECT pg_advisory_lock($1)', [STATS_ROLLUP_LOCK_KEY]);
  } else {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [STATS_ROLLUP_LOCK_KEY]);
    if (!rows[0].locked) return { ran: false, hours: 0, rolledUntil: null, caughtUp: false };
  }
  try {
    return await rollUpLocked(client, options);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [STATS_ROLLUP_LOCK_KEY]);
  }
}

async function rollUpLocked(client: ClientBase, options: RollupOptions): Promise<RollupResult> {
  const currentHour = floorHour(options.now).getTime();
  const rolledUntil = await readRolledUntil(client);
  const firstHour = rolledUntil ? rolledUntil.getTime() : ((await firstLogHour(client)) ?? currentHour);
  const candidates = [firstHour, currentHour - RECOMPUTE_HOURS * HOUR_MS];
  if (options.recomputeFrom) candidates.push(floorHour(options.recomputeFrom).getTime());
  const maxHours = options.maxHours ?? Number.POSITIVE_INFINITY;
  let hour = Math.min(...candidates);
  let hours = 0;
  for (; hour < currentHour && hours < maxHours && !options.signal?.aborted; hour += HOUR_MS, hours++) {
    await rollHour(client, new Date(hour));
  }
  return { ran: true, hours, rolledUntil: await readRolledUntil(client), caughtUp: hour >= currentHour };
}

async function firstLogHour(client: ClientBase): Promise<number | null> {
  const { rows } = await client.query<{ first: Date | null }>('SELECT min(created_at) AS first FROM request_logs');
  return rows[0].first ? floorHour(rows[0].first).getTime() : null;
}

async function rollHour(client: ClientBase, hour: Date): Promise<void> {
  const end = new Date(hour.getTime() + HOUR_MS);
  await client.query('BEGIN');
  try {
    await client.query('DELETE FROM request_stats_hourly WHERE hour = $1', [hour]);
    await client.query('DELETE FROM request_stats_hourly_totals WHERE hour = $1', [hour]);
    await client.query(INSERT_HOUR_SQL, [hour, end]);
    await client.query(INSERT_TOTALS_SQL, [hour]);
    await client.query(ADVANCE_SQL, [end]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
