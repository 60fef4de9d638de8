import { createTestDatabase, TestDatabase } from '@switchyard/testing';
import { Client } from 'pg';
import { seedAndRollUp } from '../src/cli/seed-and-roll-up';
import { SEED_USER_NAMES } from '../src/cli/seed-catalogue';
import { timeSlots } from '../src/cli/seed-data';
import { runMigrations } from '../src/core/migrate';
import { HOUR_MS } from '../src/stats/rollup';

describe('seed:logs core (e2e)', () => {
  let database: TestDatabase;
  let db: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    await runMigrations(database.url, () => undefined);
    db = new Client({ connectionString: database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await database?.drop();
  });

  it('shares rows between hour slots exactly, weighting working hours', () => {
    const to = new Date('2025-06-04T10:30:00Z'); // a Wednesday
    const slots = timeSlots(new Date(to.getTime() - 7 * 24 * HOUR_MS), to, 10_007);
    expect(slots.reduce((sum, s) => sum + s.rows, 0)).toBe(10_007);
    expect(slots).toHaveLength(7 * 24 + 1); // partial hours at both ends
    expect(slots[0].seconds + slots.at(-1)!.seconds).toBe(3600);
    const at = (iso: string) => slots.find((s) => s.start.toISOString() === iso)!.rows;
    expect(at('2025-06-03T14:00:00.000Z')).toBeGreaterThan(3 * at('2025-06-03T03:00:00.000Z'));
  });

  it('inserts N realistic rows over the last 7 days and rolls them up', async () => {
    const now = new Date();
    const { seeded, rolled } = await seedAndRollUp(database.url, { rows: 2000, now });
    expect(seeded).toMatchObject({ rows: 2000, users: SEED_USER_NAMES.length });
    expect(rolled).toMatchObject({ ran: true, caughtUp: true });

    const { rows: [shape] } = await db.query(`
      SELECT count(*)::int AS rows, min(created_at) AS first, max(created_at) AS last,
             count(DISTINCT user_id)::int AS users, count(DISTINCT model)::int AS models,
             count(*) FILTER (WHERE status_code = 200)::int AS ok, count(*) FILTER (WHERE status_code >= 400)::int AS errors,
             count(*) FILTER (WHERE stream)::int AS streams,
             count(*) FILTER (WHERE stream AND (ttft_ms IS NULL OR ttft_ms > latency_ms))::int AS bad_ttft,
             count(*) FILTER (WHERE latency_ms < 1 OR cost_usd < 0)::int AS bad_values,
             count(*) FILTER (WHERE status_code = 200 AND prompt_tokens IS NULL)::int AS ok_without_usage
        FROM request_logs`); // prettier-ignore
    expect(shape.rows).toBe(2000);
    expect(shape.first.getTime()).toBeGreaterThanOrEqual(now.getTime() - 7 * 24 * HOUR_MS);
    expect(shape.last.getTime()).toBeLessThanOrEqual(now.getTime());
    expect(shape.last.getTime() - shape.first.getTime()).toBeGreaterThan(6 * 24 * HOUR_MS);
    expect(shape.users).toBeGreaterThan(10);
    expect(shape.models).toBeGreaterThan(5);
    expect(shape.ok / shape.rows).toBeGreaterThan(0.85);
    expect(shape.errors).toBeGreaterThan(0);
    expect(shape.streams).toBeGreaterThan(0);
    expect({ bad_ttft: shape.bad_ttft, bad_values: shape.bad_values, ok_without_usage: shape.ok_without_usage }).toEqual({
      bad_ttft: 0,
      bad_values: 0,
      ok_without_usage: 0,
    });

    // Every row is counted: rolled-up completed hours plus the raw current hour.
    const currentHour = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
    const { rows: [counted] } = await db.query(
      `SELECT (SELECT sum(requests) FROM request_stats_hourly WHERE hour < $1)::int AS rolled,
              (SELECT sum(requests) FROM request_stats_hourly_totals)::int AS totals,
              (SELECT count(*) FROM request_logs WHERE created_at >= $1)::int AS raw`,
      [currentHour],
    ); // prettier-ignore
    expect(counted.rolled + counted.raw).toBe(2000);
    expect(counted.totals).toBe(counted.rolled);
  });
});
