import type { Page, RequestLogItem } from '@switchyard/contracts';
import { Client } from 'pg';
import request from 'supertest';
import { LogWriter, NewRequestLog } from '../src/logs/log-writer.service';
import { AdminClient, startTestGateway, TestGateway } from './support/test-gateway';

const BASE_TIME = Date.parse('2025-06-01T12:00:00.000Z');
const USER_ID = '3f0e5a52-7c1e-4d8e-9f43-4b0f4b2c1a11';
const API_ID = '9b1d3c0e-2a4f-4e6b-8c7d-1e2f3a4b5c6d';

/** The i-th test row; rows share a timestamp in threes so the id must break ties. */
function entry(i: number, overrides: Partial<NewRequestLog> = {}): NewRequestLog {
  return {
    requestId: `req-${i}`,
    createdAt: new Date(BASE_TIME + Math.floor(i / 3) * 1000),
    userId: USER_ID,
    model: 'gpt-4o',
    apiId: API_ID,
    upstreamModel: 'gpt-4o-2024-08-06',
    endpoint: '/v1/chat/completions',
    statusCode: 200,
    stream: false,
    latencyMs: 100 + i,
    ttftMs: null,
    promptTokens: 10,
    completionTokens: 20,
    totalTokens: 30,
    usageSource: 'upstream',
    costUsd: 0.00042,
    errorType: null,
    errorMessage: null,
    clientIp: '10.0.0.1',
    ...overrides,
  };
}

describe('/api/logs (e2e)', () => {
  let t: TestGateway;
  let admin: AdminClient;
  let writer: LogWriter;

  beforeAll(async () => {
    t = await startTestGateway();
    admin = await t.login();
    writer = t.app.get(LogWriter);
  });

  afterAll(async () => {
    await t.close();
  });

  beforeEach(async () => {
    await writer.flush();
    await t.truncate('request_logs');
  });

  async function write(count: number, from = 0, overrides: Partial<NewRequestLog> = {}): Promise<void> {
    for (let i = from; i < from + count; i++) writer.enqueue(entry(i, overrides));
    await writer.flush();
  }

  async function page(query: string): Promise<Page<RequestLogItem>> {
    const res = await admin.get(`/api/logs${query}`);
    expect(res.status).toBe(200);
    return res.body as Page<RequestLogItem>;
  }

  /** Follows nextCursor to the end; `between` runs after the first page; `filters` is a query string. */
  async function pageThrough(
    limit: number,
    between?: () => Promise<void>,
    filters = '',
  ): Promise<{ items: RequestLogItem[]; pages: number }> {
    const items: RequestLogItem[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const body: Page<RequestLogItem> = await page(`?limit=${limit}${filters}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(body.items.length).toBeLessThanOrEqual(limit);
      if (body.nextCursor) expect(body.items).toHaveLength(limit);
      items.push(...body.items);
      cursor = body.nextCursor;
      if (++pages === 1) await between?.();
      expect(pages).toBeLessThan(1000);
    } while (cursor);
    return { items, pages };
  }

  /** The database's own newest-first order, as the oracle; `where` narrows it like a filter would. */
  async function idsNewestFirst(where = 'TRUE'): Promise<string[]> {
    const rows: { text_id: string }[] = await t.dataSource.query(
      `SELECT l.id::text AS text_id FROM request_logs l WHERE ${where} ORDER BY l.created_at DESC, l.id DESC`,
    );
    return rows.map((r) => r.text_id);
  }

  it('answers each row in camelCase exactly as the contract says, without the client IP', async () => {
    await write(1, 0, { ttftMs: 42, stream: true, errorType: 'upstream_error', errorMessage: 'boom' });
    const body = await page('');
    expect(body).toEqual({
      items: [
        {
          id: expect.stringMatching(/^[1-9]\d*$/),
          requestId: 'req-0',
          createdAt: '2025-06-01T12:00:00.000Z',
          userId: USER_ID,
          model: 'gpt-4o',
          apiId: API_ID,
          upstreamModel: 'gpt-4o-2024-08-06',
          endpoint: '/v1/chat/completions',
          statusCode: 200,
          stream: true,
          latencyMs: 100,
          ttftMs: 42,
          promptTokens: 10,
          completionTokens: 20,
          totalTokens: 30,
          usageSource: 'upstream',
          costUsd: 0.00042,
          errorType: 'upstream_error',
          errorMessage: 'boom',
        },
      ],
      nextCursor: null,
    });
  });

  it('pages newest first with small limits: no duplicates, no gaps, ties broken by id, null cursor at the end', async () => {
    await write(57);
    const expected = await idsNewestFirst();
    expect(expected).toHaveLength(57);
    const { items, pages } = await pageThrough(5);
    expect(pages).toBe(12);
    expect(items.map((i) => i.id)).toEqual(expected);
    // Independent of the oracle: newest first, and within one timestamp the later insert (higher id) first.
    expect(items[0].requestId).toBe('req-56');
    expect(items.slice(0, 3).map((i) => i.requestId)).toEqual(['req-56', 'req-55', 'req-54']);
    expect(items.at(-1)!.requestId).toBe('req-0');
  });

  it('ends without an empty page when the rows fill the last page exactly', async () => {
    await write(10);
    const { items, pages } = await pageThrough(5);
    expect(pages).toBe(2);
    expect(items).toHaveLength(10);
  });

  it('keeps later pages stable while new rows arrive between pages', async () => {
    await write(20);
    const before = await idsNewestFirst();
    const { items } = await pageThrough(7, async () => {
      for (let i = 100; i < 110; i++) writer.enqueue(entry(i, { createdAt: new Date() }));
      await writer.flush();
    });
    expect(items.map((i) => i.id)).toEqual(before);
    expect(items.some((i) => Number(i.requestId.slice(4)) >= 100)).toBe(false);
    const fresh = await page('?limit=10');
    expect(fresh.items.map((i) => i.requestId).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `req-${100 + i}`).sort());
  });

  it('keeps a filtered listing stable too: no duplicates, no gaps, only matching rows, while new rows arrive', async () => {
    const shaped = (i: number): Partial<NewRequestLog> => ({
      model: i % 2 ? 'gpt-4o' : 'claude',
      statusCode: [200, 429, 500, 404, 201][i % 5],
      stream: i % 3 === 0,
    });
    for (let i = 0; i < 90; i++) writer.enqueue(entry(i, shaped(i)));
    await writer.flush();
    const filters = '&model=gpt-4o&status=4xx&from=2025-06-01T12:00:03Z&to=2025-06-01T12:00:27Z';
    const oracle =
      "l.model = 'gpt-4o' AND l.status_code BETWEEN 400 AND 499 AND l.created_at >= '2025-06-01T12:00:03Z' AND l.created_at < '2025-06-01T12:00:27Z'";
    const before = await idsNewestFirst(oracle);
    expect(before.length).toBeGreaterThan(8);
    const { items, pages } = await pageThrough(
      3,
      async () => {
        // Inside the time window, matching or not: rows newer than the first page (later pages must not
        // show them) and rows older than its last row (later pages must show them).
        for (let i = 100; i < 120; i++) writer.enqueue(entry(i, { ...shaped(i), createdAt: new Date(BASE_TIME + 26_500 + i) }));
        for (let i = 120; i < 140; i++) writer.enqueue(entry(i, { ...shaped(i), createdAt: new Date(BASE_TIME + 10_000 + i) }));
        await writer.flush();
      },
      filters,
    );
    expect(pages).toBeGreaterThan(2);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    // The first page was read before the newcomers; later pages continue after its last row.
    const after = await idsNewestFirst(oracle);
    const firstPage = items.slice(0, 3).map((i) => i.id);
    const cut = after.indexOf(firstPage[2]);
    expect(items.map((i) => i.id)).toEqual([...firstPage, ...after.slice(cut + 1)]);
    expect(after.length).toBeGreaterThan(before.length);
    const requestIds = items.map((i) => Number(i.requestId.slice(4)));
    expect(requestIds.some((i) => i >= 120)).toBe(true);
    expect(requestIds.some((i) => i >= 100 && i < 120)).toBe(false);
    for (const item of items) {
      expect(item.model).toBe('gpt-4o');
      expect(item.statusCode).toBeGreaterThanOrEqual(400);
      expect(item.statusCode).toBeLessThan(500);
    }
  });

  it('pages correctly through rows whose created_at carries microseconds', async () => {
    // Rows the writer did not stamp (e.g. DEFAULT now()) have microseconds; a millisecond cursor would skip or repeat them.
    await t.dataSource.query(
      `INSERT INTO request_logs (request_id, created_at, endpoint, status_code, latency_ms)
       SELECT 'us-' || g, TIMESTAMPTZ '2025-06-01 12:00:00.123+00' + (g || ' microseconds')::interval, '/v1/embeddings', 200, 1
       FROM generate_series(1, 7) AS g`,
    );
    const { items } = await pageThrough(1);
    expect(items.map((i) => i.requestId)).toEqual(['us-7', 'us-6', 'us-5', 'us-4', 'us-3', 'us-2', 'us-1']);
  });

  it('defaults to 50 rows a page and allows up to 500', async () => {
    await write(60);
    const first = await page('');
    expect(first.items).toHaveLength(50);
    expect(first.nextCursor).toEqual(expect.any(String));
    const all = await page('?limit=500');
    expect(all.items).toHaveLength(60);
    expect(all.nextCursor).toBeNull();
  });

  it.each(['0', '501', 'abc', '1.5', '-1', '1e2', ''])('refuses limit=%s with a 400 naming the field', async (limit) => {
    const res = await admin.get(`/api/logs?limit=${limit}`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toMatch(/\blimit\b/);
  });

  it.each(['garbage!', 'bm90LWEtY3Vyc29y', Buffer.from('2025-06-01T12:00:00Z|0').toString('base64url')])(
    'refuses cursor=%s with a 400 naming the field',
    async (cursor) => {
      const res = await admin.get(`/api/logs?cursor=${encodeURIComponent(cursor)}`);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toMatch(/\bcursor\b/);
    },
  );

  it('answers one row by id, 404 for an unknown id and 400 for anything but a positive bigint', async () => {
    await write(3);
    const [newest] = (await page('?limit=1')).items;
    const one = await admin.get(`/api/logs/${newest.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual({
      ...newest,
      attempts: [],
      apiName: null, // API_ID names no API of this gateway
      clientIp: '10.0.0.1',
      requestBody: null,
      responseBody: null,
      bodiesTruncated: false,
    });
    const missing = await admin.get(`/api/logs/${BigInt(newest.id) + 1000n}`);
    expect(missing.status).toBe(404);
    for (const bad of ['abc', '0', '-1', '1.5', '99999999999999999999', '1e3']) {
      const res = await admin.get(`/api/logs/${bad}`);
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
      expect(res.body.message).toMatch(/\bid\b/);
    }
  });

  it('requires an admin session', async () => {
    expect((await request(t.server).get('/api/logs')).status).toBe(401);
    expect((await request(t.server).get('/api/logs/1')).status).toBe(401);
  });

  it('writes a burst of 1200 rows with at most three INSERT statements', async () => {
    const before = writer.stats();
    for (let i = 0; i < 1200; i++) writer.enqueue(entry(i));
    await writer.flush();
    // Each autocommitted INSERT is its own transaction: its rows share one xmin.
    const [{ rows, statements }]: { rows: number; statements: number }[] = await t.dataSource.query(
      'SELECT count(DISTINCT request_id)::int AS rows, count(DISTINCT xmin::text)::int AS statements FROM request_logs',
    );
    expect(rows).toBe(1200);
    expect(statements).toBeGreaterThan(0);
    expect(statements).toBeLessThanOrEqual(3);
    const after = writer.stats();
    expect(after.batches - before.batches).toBe(statements);
    expect(after.written - before.written).toBe(1200);
    expect(after.queued).toBe(0);
  });
});

describe('request log drain on shutdown (e2e)', () => {
  it('writes the rows still queued when the gateway closes', async () => {
    const t = await startTestGateway();
    const db = new Client({ connectionString: t.database.url });
    try {
      const writer = t.app.get(LogWriter);
      // Fewer than a batch and no flush: only the shutdown drain can write these before the app is gone.
      for (let i = 0; i < 321; i++) writer.enqueue(entry(i, { requestId: `drain-${i}` }));
      expect(writer.stats().queued).toBe(321);
      await t.gateway.close();
      await db.connect();
      const { rows } = await db.query<{ count: number }>("SELECT count(*)::int AS count FROM request_logs WHERE request_id LIKE 'drain-%'");
      expect(rows[0].count).toBe(321);
    } finally {
      await db.end().catch(() => undefined);
      await t.close();
    }
  });
});
