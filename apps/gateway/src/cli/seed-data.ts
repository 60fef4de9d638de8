import type { Pool } from 'pg';
import { ensureSeedUsers, SEED_ROUTES } from './seed-catalogue';

const HOUR_MS = 3_600_000;

export interface SeedOptions {
  rows: number;
  /** Rows spread over the `days` before this instant. */
  now: Date;
  days?: number;
  /** Rows per INSERT … SELECT statement (about). */
  batchRows?: number;
  /** Statements run at once (each on its own pooled connection): generation is CPU-bound. */
  concurrency?: number;
  onProgress?: (inserted: number) => void;
}

export interface SeedResult {
  rows: number;
  users: number;
  from: Date;
  to: Date;
  ms: number;
}

/**
 * Generates the rows inside PostgreSQL (`INSERT … SELECT` with random()), so a million rows never cross
 * the network. $1..$3 are time slots (start, length, row count); rows are inserted in time order,
 * which keeps the request_logs indexes' insertions local (about 1.5x faster than random order). Per
 * row: a user skewed towards the busiest ones, a route (alias → upstream) mostly the user's favourite,
 * a status mix of mostly 200 with some 4xx/5xx, log-normal latency and token counts, cost from the
 * route's prices. Box–Muller turns two uniforms into normal variates.
 */
const GENERATE_SQL = `
INSERT INTO request_logs (request_id, created_at, user_id, model, api_id, upstream_model, endpoint, status_code, stream,
  latency_ms, ttft_ms, prompt_tokens, completion_tokens, total_tokens, usage_source, cost_usd, error_type, error_message, client_ip)
SELECT 'seed-' || to_hex((r_id * 2147483647)::int) || to_hex((r_ip * 2147483647)::int),
       created_at,
       CASE WHEN status = 401 THEN NULL ELSE ($4::uuid[])[user_ix] END,
       ($5::text[])[route], ($6::uuid[])[route], ($7::text[])[route], ($8::text[])[route],
       status, is_stream, latency, ttft,
       prompt, completion, prompt + completion,
       CASE WHEN status = 200 THEN 'upstream' END,
       (prompt * ($9::float8[])[route] + completion * ($10::float8[])[route]) / 1e6,
       CASE status WHEN 200 THEN NULL WHEN 429 THEN 'rate_limit_exceeded' WHEN 400 THEN 'invalid_request_error'
         WHEN 401 THEN 'authentication_error' WHEN 504 THEN 'timeout' ELSE 'upstream_error' END,
       CASE status WHEN 200 THEN NULL WHEN 429 THEN 'Rate limit reached for requests' WHEN 400 THEN 'Invalid request body'
         WHEN 401 THEN 'Incorrect API key provided' WHEN 504 THEN 'Upstream timed out'
         ELSE 'Upstream answered ' || status END,
       '10.0.' || user_ix || '.' || (1 + floor(r_ip * 20))::int
FROM (
  SELECT r_id, r_ip, user_ix, route, status, created_at, latency,
         is_stream AND status = 200 AS is_stream,
         CASE WHEN is_stream AND status = 200 THEN greatest(1, round(latency * (0.08 + 0.25 * r_ttft)))::int END AS ttft,
         CASE WHEN status = 200 THEN least(200000, greatest(1, round(exp(ln(600) + 1.0 * n2))))::int END AS prompt,
         CASE WHEN status = 200 AND ($8::text[])[route] <> '/v1/embeddings'
              THEN least(32000, greatest(1, round(exp(ln(250) + 0.9 * n3))))::int
              WHEN status = 200 THEN 0 END AS completion
  FROM (
    SELECT *,
           least(600000, greatest(1, round(CASE
             WHEN status = 504 THEN 300000 + 2000 * n1
             WHEN status >= 500 THEN exp(ln(2000) + 0.8 * n1)
             WHEN status >= 400 THEN exp(ln(15) + 0.5 * n1)
             ELSE exp(ln(($11::float8[])[route]) + 0.7 * n1) END)))::int AS latency,
           ($8::text[])[route] = '/v1/chat/completions' AND r_stream < 0.55 AS is_stream
    FROM (
      SELECT *,
             CASE WHEN r_status < 0.935 THEN 200 WHEN r_status < 0.955 THEN 429 WHEN r_status < 0.965 THEN 400
                  WHEN r_status < 0.972 THEN 401 WHEN r_status < 0.985 THEN 500 WHEN r_status < 0.995 THEN 502
                  ELSE 504 END AS status,
             CASE WHEN r_fav < 0.7 THEN 1 + (user_ix - 1) % $12
                  ELSE 1 + width_bucket(r_route, $13::float8[]) END AS route
      FROM (
        SELECT *,
               1 + floor(array_length($4::uuid[], 1) * power(r_user, 1.8))::int AS user_ix,
               sqrt(-2 * ln(u1)) * cos(2 * pi() * u2) AS n1,
               sqrt(-2 * ln(u1)) * sin(2 * pi() * u2) AS n2,
               sqrt(-2 * ln(u3)) * cos(2 * pi() * u4) AS n3
        FROM (
          SELECT slot_start + make_interval(secs => slot_secs * random()) AS created_at,
                 random() AS r_id, random() AS r_ip, random() AS r_user, random() AS r_fav, random() AS r_route,
                 random() AS r_status, random() AS r_stream, random() AS r_ttft,
                 1 - random() AS u1, random() AS u2, 1 - random() AS u3, random() AS u4
          FROM unnest($1::timestamptz[], $2::float8[], $3::int[]) AS slot(slot_start, slot_secs, slot_rows),
               generate_series(1, slot_rows) AS g
        ) uniforms
      ) normals
    ) picks
  ) shaped
) generated
ORDER BY created_at`;

interface Slot {
  start: Date;
  seconds: number;
  rows: number;
}

/** Relative traffic of an hour: a working-day curve peaking at 14:00 UTC, quieter at weekends. */
function hourWeight(start: Date): number {
  const hour = start.getUTCHours() + start.getUTCMinutes() / 60;
  const weekend = start.getUTCDay() === 0 || start.getUTCDay() === 6;
  return (0.12 + Math.exp(-((hour - 14) ** 2) / (2 * 3 ** 2))) * (weekend ? 0.45 : 1);
}

/** Hour slots from `from` to `to` (the first and last may be partial), sharing `rows` by weight. */
export function timeSlots(from: Date, to: Date, rows: number): Slot[] {
  const slots: (Slot & { share: number })[] = [];
  for (let t = Math.floor(from.getTime() / HOUR_MS) * HOUR_MS; t < to.getTime(); t += HOUR_MS) {
    const start = Math.max(t, from.getTime());
    const end = Math.min(t + HOUR_MS, to.getTime());
    slots.push({
      start: new Date(start),
      seconds: (end - start) / 1000,
      rows: 0,
      share: hourWeight(new Date(t)) * ((end - start) / HOUR_MS),
    });
  }
  const total = slots.reduce((sum, s) => sum + s.share, 0);
  for (const slot of slots) slot.rows = Math.floor((rows * slot.share) / total);
  // Largest remainders get the rows rounding left over, so the slots add up to exactly `rows`.
  const left = rows - slots.reduce((sum, s) => sum + s.rows, 0);
  const byRemainder = [...slots].sort((a, b) => (((rows * b.share) / total) % 1) - (((rows * a.share) / total) % 1));
  for (let i = 0; i < left; i++) byRemainder[i % byRemainder.length].rows++;
  return slots.map(({ start, seconds, rows: n }) => ({ start, seconds, rows: n }));
}

/** Consecutive slots grouped into statements of about `batchRows` rows (a slot is never split). */
function batches(slots: Slot[], batchRows: number): Slot[][] {
  const out: Slot[][] = [];
  let current: Slot[] = [];
  let size = 0;
  for (const slot of slots) {
    current.push(slot);
    size += slot.rows;
    if (size >= batchRows) {
      out.push(current);
      current = [];
      size = 0;
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Cumulative route weights as width_bucket thresholds (all but the last), normalised to 0..1. */
function routeThresholds(): number[] {
  const total = SEED_ROUTES.reduce((sum, r) => sum + r.weight, 0);
  let acc = 0;
  return SEED_ROUTES.slice(0, -1).map((r) => (acc += r.weight) / total);
}

/**
 * Inserts `rows` realistic request_logs rows spread over the `days` before `now` (plain SQL, no Nest),
 * `concurrency` statements at a time on `pool`.
 */
export async function seedRequestLogs(pool: Pick<Pool, 'query'>, options: SeedOptions): Promise<SeedResult> {
  const days = options.days ?? 7;
  const started = Date.now();
  const userIds = await ensureSeedUsers(pool);
  const routes = SEED_ROUTES;
  const from = new Date(options.now.getTime() - days * 86_400_000);
  const queue = batches(timeSlots(from, options.now, options.rows), options.batchRows ?? 100_000);
  let inserted = 0;
  const worker = async () => {
    for (let batch = queue.shift(); batch; batch = queue.shift()) {
      await pool.query(GENERATE_SQL, [
        batch.map((s) => s.start),
        batch.map((s) => s.seconds),
        batch.map((s) => s.rows),
        userIds,
        routes.map((r) => r.model),
        routes.map((r) => r.apiId),
        routes.map((r) => r.upstreamModel),
        routes.map((r) => r.endpoint),
        routes.map((r) => r.inputPrice),
        routes.map((r) => r.outputPrice),
        routes.map((r) => r.medianMs),
        routes.length,
        routeThresholds(),
      ]);
      inserted += batch.reduce((sum, s) => sum + s.rows, 0);
      options.onProgress?.(inserted);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker));
  return { rows: inserted, users: userIds.length, from, to: options.now, ms: Date.now() - started };
}
