import { SchedulerRegistry } from '@nestjs/schedule';
import type { StatsResponse, StatsWindow } from '@switchyard/contracts';
import request from 'supertest';
import { LogWriter } from '../src/logs/log-writer.service';
import { bucketOf, bucketRange, HISTOGRAM_BOUNDS_MS } from '../src/stats/histogram';
import { StatsClock } from '../src/stats/stats-clock';
import { STATS_ROLLUP_JOB, StatsRollupJob } from '../src/stats/stats-rollup.job';
import { AdminClient, startTestGateway, TestGateway } from './support/test-gateway';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
// The statistics' clock is pinned 20½ minutes into an hour a few hours ago: no test straddles an hour
// edge, and every row stays far younger than log retention.
const H0 = Math.floor((Date.now() - 3 * HOUR) / HOUR) * HOUR;
const NOW = H0 + 20 * MIN + 30_000;
const TABLES = ['request_logs', 'request_stats_hourly', 'request_stats_hourly_totals', 'stats_rollup_state'];

interface Row {
  at: number;
  userId: string | null;
  model: string | null;
  status: number;
  latencyMs: number;
  ttftMs: number | null;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

/** Where each window starts and ends for NOW (written out, not computed by the code under test). */
const RANGES: Record<StatsWindow, [number, number]> = {
  '1h': [H0 - 35 * MIN, H0 + 25 * MIN],
  '24h': [H0 - 23 * HOUR, H0 + HOUR],
  '7d': [H0 - 167 * HOUR, H0 + HOUR],
  '30d': [Math.floor(NOW / DAY) * DAY - 29 * DAY, Math.floor(NOW / DAY) * DAY + DAY],
};

/** The k-th smallest value for q (nearest rank): the histogram estimate must fall in its bucket. */
function expectPercentile(actual: number | null, values: number[], q: number): void {
  const sorted = [...values].sort((a, b) => a - b);
  const truth = sorted[Math.ceil(q * sorted.length) - 1];
  const [lower, upper] = bucketRange(bucketOf(truth));
  expect(actual).not.toBeNull();
  expect({ q, truth, actual, inBucket: actual! >= lower && actual! <= upper }).toEqual({ q, truth, actual, inBucket: true });
}

describe('/api/stats (e2e)', () => {
  let t: TestGateway;
  let admin: AdminClient;
  let job: StatsRollupJob;
  const users: Record<'alice' | 'bob' | 'carol' | 'dave', string> = { alice: '', bob: '', carol: '', dave: '' };

  beforeAll(async () => {
    t = await startTestGateway();
    admin = await t.login();
    job = t.app.get(StatsRollupJob);
    await t.app.get(SchedulerRegistry).getCronJob(STATS_ROLLUP_JOB).stop(); // the tests call rollUp() themselves
    jest.spyOn(t.app.get(StatsClock), 'now').mockImplementation(() => new Date(NOW));
    for (const name of Object.keys(users) as (keyof typeof users)[]) {
      users[name] = (await admin.post('/api/users', { name: `${name}-app`, allowedModels: ['*'] })).body.id;
    }
    expect((await admin.delete(`/api/users/${users.dave}`)).status).toBeLessThan(300);
  });

  afterAll(async () => {
    await t.close();
  });

  beforeEach(async () => {
    await t.app.get(LogWriter).flush();
    await t.truncate(...TABLES);
  });

  /** A varied, deterministic dataset: `count` rows in the hour `hoursBack` before the current one. */
  function rowsIn(hoursBack: number, count: number): Row[] {
    const who = [users.alice, users.alice, users.bob, users.alice, users.carol, users.bob, users.dave, users.alice];
    const models = ['gpt-4o', 'gpt-4o', 'claude-3', 'mini-1', 'gpt-4o'];
    return Array.from({ length: count }, (_, k) => {
      const unauthenticated = k % 13 === 12;
      const offset = hoursBack === 0 ? (k % 20) * MIN + 1000 * k : ((k * 397 + hoursBack * 61) % 3600) * 1000;
      return {
        at: H0 - hoursBack * HOUR + offset,
        userId: unauthenticated ? null : who[(k + hoursBack) % who.length],
        model: unauthenticated ? null : models[(k * 3 + hoursBack) % models.length],
        status: unauthenticated ? 401 : k % 7 === 3 ? 500 : k % 11 === 5 ? 429 : 200,
        latencyMs: Math.round(15 * 1.13 ** ((k * 7 + hoursBack) % 50)) + k,
        ttftMs: k % 2 === 0 ? Math.round(8 * 1.2 ** (k % 23)) : null,
        promptTokens: 10 + k,
        completionTokens: 5 + (k % 7),
        costUsd: (k + 1) / 1e6,
      };
    });
  }

  const DATASET = (): Row[] => [
    ...rowsIn(0, 30),
    ...rowsIn(1, 40),
    ...rowsIn(2, 20),
    ...rowsIn(5, 15),
    ...rowsIn(23, 10),
    ...rowsIn(30, 12),
    ...rowsIn(240, 8),
  ];

  async function insert(rows: Row[]): Promise<void> {
    const col = <K extends keyof Row>(key: K) => rows.map((r) => r[key]);
    await t.dataSource.query(
      `INSERT INTO request_logs (request_id, created_at, user_id, model, endpoint, status_code, latency_ms, ttft_ms,
                                 prompt_tokens, completion_tokens, total_tokens, cost_usd)
       SELECT 'stats-' || gen_random_uuid(), to_timestamp(at / 1000.0), u, m, '/v1/chat/completions', s, l, tt, p, c, p + c, cost
         FROM unnest($1::float8[], $2::uuid[], $3::text[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[], $9::numeric[])
              WITH ORDINALITY AS r(at, u, m, s, l, tt, p, c, cost, i)`,
      [
        col('at'),
        col('userId'),
        col('model'),
        col('status'),
        col('latencyMs'),
        col('ttftMs'),
        col('promptTokens'),
        col('completionTokens'),
        col('costUsd'),
      ],
    );
  }

  async function stats(window: StatsWindow): Promise<StatsResponse> {
    const res = await admin.get(`/api/stats?window=${window}`);
    expect(res.status).toBe(200);
    return res.body as StatsResponse;
  }

  const within = (rows: Row[], [from, to]: [number, number]) => rows.filter((r) => r.at >= from && r.at < to);
  const sum = (rows: Row[], key: 'promptTokens' | 'completionTokens' | 'costUsd') => rows.reduce((s, r) => s + r[key], 0);

  function expectTopN(rows: Row[], key: 'userId' | 'model'): { key: string; requests: number }[] {
    const counts = new Map<string, number>();
    for (const r of rows) if (r[key] !== null) counts.set(r[key], (counts.get(r[key]) ?? 0) + 1);
    return [...counts].map(([k, requests]) => ({ key: k, requests })).sort((a, b) => b.requests - a.requests || (a.key < b.key ? -1 : 1));
  }

  it.each(['1h', '24h', '7d', '30d'] as StatsWindow[])(
    'answers %s from rollups plus the current hour: totals, percentiles, series, top users and models',
    async (window) => {
      const rows = DATASET();
      await insert(rows);
      await job.rollUp();
      const body = await stats(window);
      const [from, to] = RANGES[window];
      const inWindow = within(rows, RANGES[window]);
      const errors = inWindow.filter((r) => r.status >= 400).length;
      expect(inWindow.length).toBeGreaterThan(0);
      expect(body.window).toBe(window);
      expect(body.generatedAt).toBe(new Date(NOW).toISOString());
      expect(body.totals).toEqual({
        requests: inWindow.length,
        errors,
        errorRate: expect.closeTo(errors / inWindow.length, 10),
        promptTokens: sum(inWindow, 'promptTokens'),
        completionTokens: sum(inWindow, 'completionTokens'),
        costUsd: expect.closeTo(sum(inWindow, 'costUsd'), 8),
      });
      const latencies = inWindow.map((r) => r.latencyMs);
      expectPercentile(body.latency.p50, latencies, 0.5);
      expectPercentile(body.latency.p95, latencies, 0.95);
      expectPercentile(body.latency.p99, latencies, 0.99);
      expectPercentile(
        body.ttft.p50,
        inWindow.flatMap((r) => (r.ttftMs === null ? [] : [r.ttftMs])),
        0.5,
      );

      const bucketMs = body.bucketSeconds * 1000;
      expect(body.bucketSeconds).toBe({ '1h': 300, '24h': 3600, '7d': 3600, '30d': 86_400 }[window]);
      expect(body.series).toHaveLength((to - from) / bucketMs);
      body.series.forEach((point, i) => {
        const bucketRows = within(rows, [from + i * bucketMs, from + (i + 1) * bucketMs]);
        expect({ t: point.t, requests: point.requests, errors: point.errors }).toEqual({
          t: new Date(from + i * bucketMs).toISOString(),
          requests: bucketRows.length,
          errors: bucketRows.filter((r) => r.status >= 400).length,
        });
        if (bucketRows.length === 0) expect(point.p50LatencyMs).toBeNull();
        else
          expectPercentile(
            point.p95LatencyMs,
            bucketRows.map((r) => r.latencyMs),
            0.95,
          );
      });

      const names: Record<string, string | null> = {
        [users.alice]: 'alice-app',
        [users.bob]: 'bob-app',
        [users.carol]: 'carol-app',
        [users.dave]: null,
      };
      expect(body.topUsers.map((u) => ({ key: u.userId, requests: u.requests, name: u.name }))).toEqual(
        expectTopN(inWindow, 'userId').map((u) => ({ ...u, name: names[u.key] })),
      );
      expect(body.topModels.map((m) => ({ key: m.model, requests: m.requests }))).toEqual(expectTopN(inWindow, 'model'));
      const alice = inWindow.filter((r) => r.userId === users.alice);
      expect(body.topUsers.find((u) => u.userId === users.alice)).toEqual({
        userId: users.alice,
        name: 'alice-app',
        requests: alice.length,
        errors: alice.filter((r) => r.status >= 400).length,
        totalTokens: sum(alice, 'promptTokens') + sum(alice, 'completionTokens'),
        costUsd: expect.closeTo(sum(alice, 'costUsd'), 8),
      });
    },
  );

  it('computes the same bucket as PostgreSQL width_bucket for every bound and its neighbours', async () => {
    const values = [0, ...HISTOGRAM_BOUNDS_MS.flatMap((b) => [b - 1, b, b + 1]), 10_000_000];
    const rows: { v: number; k: number }[] = await t.dataSource.query(
      `SELECT v, width_bucket(v, '{${HISTOGRAM_BOUNDS_MS.join(',')}}'::int[]) AS k FROM unnest($1::int[]) AS v`,
      [values],
    );
    expect(rows.map((r) => bucketOf(r.v))).toEqual(rows.map((r) => r.k));
  });

  it('counts a row written now in the next answer, without a rollup', async () => {
    await job.rollUp();
    const writer = t.app.get(LogWriter);
    writer.enqueue({
      requestId: 'fresh-1', createdAt: new Date(NOW - 5_000), userId: users.carol, model: 'gpt-4o', apiId: null, upstreamModel: null,
      endpoint: '/v1/chat/completions', statusCode: 200, stream: true, latencyMs: 420, ttftMs: 90, promptTokens: 7,
      completionTokens: 3, totalTokens: 10, usageSource: 'upstream', costUsd: 0.001, errorType: null, errorMessage: null, clientIp: null,
    }); // prettier-ignore
    await writer.flush();
    for (const window of ['1h', '24h'] as StatsWindow[]) {
      const body = await stats(window);
      expect(body.totals.requests).toBe(1);
      expect(body.series.at(-1)!.requests).toBe(1);
      expect(body.topUsers).toEqual([{ userId: users.carol, name: 'carol-app', requests: 1, errors: 0, totalTokens: 10, costUsd: 0.001 }]);
    }
  });

  it('rolls up idempotently: running again counts nothing twice', async () => {
    const rows = DATASET();
    await insert(rows);
    await job.rollUp();
    const first = await stats('30d');
    await job.rollUp();
    await job.rollUp();
    expect(await stats('30d')).toEqual(first);
    const [rolled] = await t.dataSource.query<{ requests: number; hours: number }[]>(
      'SELECT sum(requests)::int AS requests, (SELECT count(*)::int FROM request_stats_hourly_totals) AS hours FROM request_stats_hourly',
    );
    expect(rolled).toEqual({ requests: rows.filter((r) => r.at < H0).length, hours: 6 });
  });

  it('keeps counting rows that retention deleted after they were rolled up', async () => {
    const rows = DATASET();
    await insert(rows);
    await job.rollUp();
    const before = await stats('30d');
    await t.dataSource.query('DELETE FROM request_logs WHERE created_at < $1', [new Date(H0 - 3 * HOUR)]);
    await job.rollUp();
    expect(await stats('30d')).toEqual(before);
    expect(before.totals.requests).toBe(rows.length);
  });

  it('picks up a late row of the previous hour at the next rollup (hours before that stay as rolled)', async () => {
    await insert(rowsIn(1, 5));
    await job.rollUp();
    expect((await stats('24h')).totals.requests).toBe(5);
    // A long call: written now, stamped when it started.
    const late = { ...rowsIn(1, 1)[0], at: H0 - 2 * MIN };
    const tooLate = { ...rowsIn(4, 1)[0], at: H0 - 4 * HOUR + MIN };
    await insert([late, tooLate]);
    // Completed hours are served from the rollups: the new rows wait for the next run.
    expect((await stats('24h')).totals.requests).toBe(5);
    await job.rollUp();
    const after = await stats('24h');
    expect(after.totals.requests).toBe(6);
    expect(after.series[22]).toMatchObject({ t: new Date(H0 - HOUR).toISOString(), requests: 6 });
  });

  it('catches up hour by hour after a gap, from the first log row when it never ran', async () => {
    const rows = [...rowsIn(3, 4), ...rowsIn(50, 3), ...rowsIn(100, 2)];
    await insert(rows);
    await job.rollUp();
    const [state] = await t.dataSource.query<{ rolled_until: Date }[]>('SELECT rolled_until FROM stats_rollup_state');
    expect(state.rolled_until.toISOString()).toBe(new Date(H0).toISOString());
    expect((await stats('7d')).totals.requests).toBe(rows.length);
    const hours: { hour: Date }[] = await t.dataSource.query('SELECT hour FROM request_stats_hourly_totals ORDER BY hour');
    expect(hours.map((h) => (H0 - h.hour.getTime()) / HOUR)).toEqual([100, 50, 3]);
  });

  it('refuses a bad window with a 400 naming the field, and anonymous callers with a 401', async () => {
    for (const bad of ['2h', '', '7D', '24h;drop']) {
      const res = await admin.get(`/api/stats?window=${encodeURIComponent(bad)}`);
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
      expect(JSON.stringify(res.body.message)).toMatch(/\bwindow\b/);
    }
    expect((await admin.get('/api/stats?window=24h&extra=1')).status).toBe(400);
    expect((await request(t.server).get('/api/stats?window=24h')).status).toBe(401);
    expect((await request(t.server).get('/api/stats/stream?window=24h')).status).toBe(401);
    expect((await stats('24h')).series).toHaveLength(24); // the default window needs no parameter either
  });
});
