import type { Page, RequestLogItem } from '@switchyard/contracts';
import { LogWriter, NewRequestLog } from '../src/logs/log-writer.service';
import { AdminClient, startTestGateway, TestGateway } from './support/test-gateway';

const BASE_TIME = Date.parse('2025-06-01T12:00:00.000Z');
const U1 = '3f0e5a52-7c1e-4d8e-9f43-4b0f4b2c1a11';
const U2 = '0b6a7c2e-51d4-4f0a-8e39-2d7c1f9b3e55';
const A1 = '9b1d3c0e-2a4f-4e6b-8c7d-1e2f3a4b5c6d';
const A2 = 'c4e2d9a1-7b3f-4c8e-a156-0f9e8d7c6b5a';
const STATUSES = [200, 200, 201, 429, 500, 502, 404, 499, 302];
const MESSAGES: Record<number, string> = {
  429: 'Rate limit exceeded for user',
  500: 'Upstream TIMEOUT after 30 s',
  502: '100% of upstreams failed_here',
  404: 'model not found',
  499: 'client closed request',
};

/** 72 rows, one a minute, cycling through every filtered attribute at co-prime periods. */
function entry(i: number): NewRequestLog {
  const statusCode = STATUSES[i % STATUSES.length];
  return {
    requestId: `req-${i}`,
    createdAt: new Date(BASE_TIME + i * 60_000),
    userId: [U1, U2, null][i % 3],
    model: ['gpt-4o', 'claude', 'mini', null][i % 4],
    apiId: [A1, A2, null][i % 5 === 0 ? 2 : i % 2],
    upstreamModel: null,
    endpoint: '/v1/chat/completions',
    statusCode,
    stream: i % 5 < 2,
    latencyMs: 10,
    ttftMs: null,
    promptTokens: null,
    completionTokens: null,
    totalTokens: null,
    usageSource: null,
    costUsd: null,
    errorType: statusCode >= 400 ? 'upstream_error' : null,
    errorMessage: MESSAGES[statusCode] ?? null,
    clientIp: null,
  };
}

const ROWS = Array.from({ length: 72 }, (_, i) => entry(i));
const at = (minute: number) => new Date(BASE_TIME + minute * 60_000).toISOString();
type Row = NewRequestLog;

describe('/api/logs filters (e2e)', () => {
  let t: TestGateway;
  let admin: AdminClient;

  beforeAll(async () => {
    t = await startTestGateway();
    admin = await t.login();
    const writer = t.app.get(LogWriter);
    for (const row of ROWS) writer.enqueue(row);
    await writer.flush();
  });

  afterAll(async () => {
    await t.close();
  });

  /** Every matching row, newest first, through pages of `limit`. */
  async function listAll(query: string, limit = 500): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await admin.get(`/api/logs?limit=${limit}&${query}${cursor ? `&cursor=${cursor}` : ''}`);
      expect({ query, status: res.status, body: res.status === 200 ? undefined : res.body }).toEqual({
        query,
        status: 200,
        body: undefined,
      });
      const body = res.body as Page<RequestLogItem>;
      ids.push(...body.items.map((item) => item.requestId));
      cursor = body.nextCursor;
    } while (cursor);
    return ids;
  }

  const expected = (keep: (row: Row) => boolean) =>
    ROWS.filter(keep)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .map((row) => row.requestId);

  const cases: [string, (row: Row) => boolean][] = [
    [`from=${at(10)}`, (r) => r.createdAt >= new Date(at(10))],
    [`to=${at(10)}`, (r) => r.createdAt < new Date(at(10))],
    [`from=${at(10)}&to=${at(20)}`, (r) => r.createdAt >= new Date(at(10)) && r.createdAt < new Date(at(20))],
    ['from=2025-06-01T14:10:00%2B02:00', (r) => r.createdAt >= new Date(at(10))],
    ['from=2025-06-01T12:10:30.5Z', (r) => r.createdAt > new Date(at(10))],
    ['to=2025-06-01', () => false],
    ['from=2025-06-01&to=2025-06-02', () => true],
    [`userId=${U1}`, (r) => r.userId === U1],
    [`userId=${U2.toUpperCase()}`, (r) => r.userId === U2],
    ['model=claude', (r) => r.model === 'claude'],
    ['model=gpt-4o', (r) => r.model === 'gpt-4o'],
    ['model=nobody', () => false],
    [`apiId=${A2}`, (r) => r.apiId === A2],
    ['status=429', (r) => r.statusCode === 429],
    ['status=200', (r) => r.statusCode === 200],
    ['status=2xx', (r) => r.statusCode >= 200 && r.statusCode < 300],
    ['status=3xx', (r) => r.statusCode === 302],
    ['status=4xx', (r) => r.statusCode >= 400 && r.statusCode < 500],
    ['status=5xx', (r) => r.statusCode >= 500],
    ['stream=true', (r) => r.stream],
    ['stream=false', (r) => !r.stream],
    ['q=rate%20LIMIT', (r) => r.statusCode === 429],
    ['q=timeout', (r) => r.statusCode === 500],
    ['q=100%25', (r) => r.statusCode === 502],
    ['q=_', (r) => r.statusCode === 502],
    ['q=%25', (r) => r.statusCode === 502],
    ['q=nothing%20like%20this', () => false],
    [`userId=${U1}&model=gpt-4o`, (r) => r.userId === U1 && r.model === 'gpt-4o'],
    [
      `userId=${U2}&status=4xx&stream=false&from=${at(5)}&to=${at(60)}`,
      (r) =>
        r.userId === U2 &&
        r.statusCode >= 400 &&
        r.statusCode < 500 &&
        !r.stream &&
        r.createdAt >= new Date(at(5)) &&
        r.createdAt < new Date(at(60)),
    ],
    [`apiId=${A1}&q=failed&status=502`, (r) => r.apiId === A1 && r.statusCode === 502],
    ['model=mini&stream=true&status=5xx', (r) => r.model === 'mini' && r.stream && r.statusCode >= 500],
  ];

  it.each(cases)('filters by %s', async (query, keep) => {
    const want = expected(keep);
    expect(await listAll(query)).toEqual(want);
    // The same filter through small pages: the cursor keeps to the filtered rows.
    expect(await listAll(query, 4)).toEqual(want);
  });

  it('has cases that each narrow the set, so a filter that is ignored fails', () => {
    const narrowing = cases.filter(([, keep]) => ROWS.some((r) => !keep(r)));
    expect(narrowing.length).toBe(cases.length - 1);
    for (const [, keep] of cases.slice(-4)) expect(ROWS.filter(keep).length).toBeGreaterThan(0);
  });

  const bad: [string, string][] = [
    ['from=yesterday', 'from'],
    ['from=2025-06-01T12:00:00', 'from'],
    ['from=2025-02-30', 'from'],
    ['from=1717243200', 'from'],
    ['to=2025-06-01T25:00:00Z', 'to'],
    [`from=${at(20)}&to=${at(10)}`, 'to'],
    [`from=${at(10)}&to=${at(10)}`, 'to'],
    ['userId=alice', 'userId'],
    [`userId=${U1}x`, 'userId'],
    ['apiId=123', 'apiId'],
    ['model=', 'model'],
    [`model=${'m'.repeat(201)}`, 'model'],
    ['model=a&model=b', 'model'],
    ['status=42', 'status'],
    ['status=6xx', 'status'],
    ['status=4XXX', 'status'],
    ['status=error', 'status'],
    ['stream=yes', 'stream'],
    ['stream=1', 'stream'],
    ['q=', 'q'],
    [`q=${'q'.repeat(201)}`, 'q'],
    ['q=a%00b', 'q'],
    ['user=alice', 'user'],
  ];

  it.each(bad)('refuses %s with a 400 naming %s, on the list and on the export', async (query, field) => {
    for (const url of [`/api/logs?${query}`, `/api/logs/export?format=csv&${query}`]) {
      const res = await admin.get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
      expect(JSON.stringify(res.body.message)).toMatch(new RegExp(`\\b${field}\\b`));
    }
  });
});
