import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { LogRetentionService, RETENTION_LOCK_KEY } from '../src/logs/log-retention.service';
import { LogWriter, NewRequestLog } from '../src/logs/log-writer.service';
import { AdminClient, startTestGateway, TestGateway } from './support/test-gateway';

/** With the default 30 days, the cutoff is 2025-06-01T00:00:00Z. */
const NOW = new Date('2025-07-01T00:00:00.000Z');
const CUTOFF = '2025-06-01 00:00:00+00';

function entry(requestId: string, createdAt: Date, requestBody: string | null = null): NewRequestLog {
  return {
    requestId,
    createdAt,
    userId: null,
    model: 'gpt-4o',
    apiId: null,
    upstreamModel: null,
    endpoint: '/v1/chat/completions',
    statusCode: 200,
    stream: false,
    latencyMs: 10,
    ttftMs: null,
    promptTokens: null,
    completionTokens: null,
    totalTokens: null,
    usageSource: null,
    costUsd: null,
    errorType: null,
    errorMessage: null,
    clientIp: null,
    requestBody,
  };
}

describe('log retention (e2e)', () => {
  let t: TestGateway;
  let admin: AdminClient;
  let retention: LogRetentionService;

  beforeAll(async () => {
    t = await startTestGateway();
    admin = await t.login();
    retention = t.app.get(LogRetentionService);
  });

  afterAll(async () => {
    await t.close();
  });

  beforeEach(async () => {
    await t.truncate('request_logs', 'request_log_bodies');
    expect((await admin.put('/api/config/logRetentionDays', { value: 30 })).status).toBe(200);
  });

  /** Rows around the cutoff at microsecond precision, plus `bulk` rows a week older. */
  async function seed(bulk = 0): Promise<void> {
    await t.dataSource.query(
      `INSERT INTO request_logs (request_id, created_at, endpoint, status_code, latency_ms) VALUES
         ('year-old', TIMESTAMPTZ '${CUTOFF}' - interval '1 year', '/v1/x', 200, 1),
         ('1ms-before', TIMESTAMPTZ '${CUTOFF}' - interval '1 millisecond', '/v1/x', 200, 1),
         ('1us-before', TIMESTAMPTZ '${CUTOFF}' - interval '1 microsecond', '/v1/x', 200, 1),
         ('at-cutoff', TIMESTAMPTZ '${CUTOFF}', '/v1/x', 200, 1),
         ('1us-after', TIMESTAMPTZ '${CUTOFF}' + interval '1 microsecond', '/v1/x', 200, 1),
         ('yesterday', TIMESTAMPTZ '2025-06-30 00:00:00+00', '/v1/x', 200, 1)`,
    );
    if (bulk > 0) {
      await t.dataSource.query(
        `INSERT INTO request_logs (request_id, created_at, endpoint, status_code, latency_ms)
         SELECT 'bulk-' || g, TIMESTAMPTZ '${CUTOFF}' - interval '7 days' + g * interval '1 millisecond', '/v1/x', 200, 1
         FROM generate_series(1, $1::int) AS g`,
        [bulk],
      );
    }
  }

  const remaining = async (table = 'request_logs'): Promise<string[]> =>
    (await t.dataSource.query<{ request_id: string }[]>(`SELECT request_id FROM ${table} ORDER BY created_at, request_id`)).map(
      (r) => r.request_id,
    );

  it('removes only rows older than logRetentionDays, keeping the rows at the cutoff, over several batches, and says so', async () => {
    await seed(25_000);
    const log = jest.spyOn(Logger.prototype, 'log');
    try {
      expect(await retention.runOnce(NOW)).toBe(25_003);
      expect(await remaining()).toEqual(['at-cutoff', '1us-after', 'yesterday']);
      expect(log).toHaveBeenCalledWith(
        expect.stringMatching(/^retention: removed 25003 log rows older than 2025-06-01T00:00:00\.000Z in \d+ ms/),
      );
    } finally {
      log.mockRestore();
    }
    expect(await retention.runOnce(NOW)).toBe(0);
  });

  it('removes the bodies of removed rows and keeps the others', async () => {
    const writer = t.app.get(LogWriter);
    writer.enqueue(entry('old', new Date('2025-05-31T23:59:59.999Z'), '{"old":true}'));
    writer.enqueue(entry('boundary', new Date('2025-06-01T00:00:00.000Z'), '{"boundary":true}'));
    writer.enqueue(entry('new', new Date('2025-06-15T00:00:00.000Z'), '{"new":true}'));
    await writer.flush();
    expect(await remaining('request_log_bodies')).toEqual(['old', 'boundary', 'new']);
    expect(await retention.runOnce(NOW)).toBe(1);
    expect(await remaining()).toEqual(['boundary', 'new']);
    expect(await remaining('request_log_bodies')).toEqual(['boundary', 'new']);
  });

  it('follows the logRetentionDays setting', async () => {
    await seed();
    expect((await admin.put('/api/config/logRetentionDays', { value: 1 })).status).toBe(200);
    expect(await retention.runOnce(NOW)).toBe(5);
    expect(await remaining()).toEqual(['yesterday']);
  });

  it('leaves the work to the instance holding the cluster-wide lock', async () => {
    await seed();
    const other = new Client({ connectionString: t.database.url });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1)', [RETENTION_LOCK_KEY]);
      expect(await retention.runOnce(NOW)).toBe(0);
      expect(await remaining()).toHaveLength(6);
      await other.query('SELECT pg_advisory_unlock($1)', [RETENTION_LOCK_KEY]);
      expect(await retention.runOnce(NOW)).toBe(3);
    } finally {
      await other.end();
    }
  });

  it('never runs two passes at once: a second call joins the running one', async () => {
    await seed(15_000);
    const [a, b] = await Promise.all([retention.runOnce(NOW), retention.runOnce(NOW)]);
    expect([a, b]).toEqual([15_003, 15_003]);
    // And it gave its lock back: another session can take it.
    const other = new Client({ connectionString: t.database.url });
    await other.connect();
    try {
      const { rows } = await other.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [RETENTION_LOCK_KEY]);
      expect(rows[0].locked).toBe(true);
    } finally {
      await other.end();
    }
  });
});
