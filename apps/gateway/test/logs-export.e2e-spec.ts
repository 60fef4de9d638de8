import type { Page, RequestLogItem } from '@switchyard/contracts';
import * as http from 'node:http';
import request from 'supertest';
import { EXPORT_SQL_TAG, MAX_CONCURRENT_EXPORTS } from '../src/logs/log-export.service';
import { LogWriter, NewRequestLog } from '../src/logs/log-writer.service';
import { AdminClient, ADMIN_PASSWORD, ADMIN_USERNAME, startTestGateway, TestGateway } from './support/test-gateway';

const BASE_TIME = Date.parse('2025-06-01T12:00:00.000Z');
const FIELDS = [
  'id',
  'requestId',
  'createdAt',
  'userId',
  'model',
  'apiId',
  'upstreamModel',
  'endpoint',
  'statusCode',
  'stream',
  'latencyMs',
  'ttftMs',
  'promptTokens',
  'completionTokens',
  'totalTokens',
  'usageSource',
  'costUsd',
  'errorType',
  'errorMessage',
];
/** Error texts a spreadsheet would run as formulas, and texts CSV must quote. */
const NASTY = [
  '=HYPERLINK("http://x","y")',
  '+1+2',
  '-2+3',
  '@SUM(A1:A2)',
  '\tTAB',
  '\rCR',
  'a, "quoted"\nline',
  'ünïcödé 😀',
  "it's fine",
];

function entry(i: number): NewRequestLog {
  return {
    requestId: `req-${i}`,
    createdAt: new Date(BASE_TIME + i * 1000),
    userId: i % 2 ? '3f0e5a52-7c1e-4d8e-9f43-4b0f4b2c1a11' : null,
    model: i % 5 === 0 ? '-model' : 'gpt-4o',
    apiId: null,
    upstreamModel: i % 3 ? 'gpt-4o-2024-08-06' : null,
    endpoint: '/v1/chat/completions',
    statusCode: i % 4 === 0 ? 200 : 429,
    stream: i % 7 === 0,
    latencyMs: 100 + i,
    ttftMs: i % 2 ? 20 : null,
    promptTokens: 10,
    completionTokens: i,
    totalTokens: 10 + i,
    usageSource: 'upstream',
    costUsd: i % 7 ? 0.00042 * i : null,
    errorType: i % 4 === 0 ? null : 'rate_limited',
    errorMessage: i % 4 === 0 ? null : NASTY[i % NASTY.length],
    clientIp: '10.0.0.1',
  };
}

/** RFC 4180: quoted fields with doubled quotes and embedded line breaks; records end with \n or \r\n. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      record.push(field);
      field = '';
    } else if (!quoted && (c === '\n' || (c === '\r' && text[i + 1] === '\n'))) {
      if (c === '\r') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}

/** What a CSV cell must hold for a value: formula-like strings carry a leading `'`. */
function cell(value: RequestLogItem[keyof RequestLogItem]): string {
  if (value === null) return '';
  if (typeof value === 'string') return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return String(value);
}

describe('/api/logs/export (e2e)', () => {
  let t: TestGateway;
  let admin: AdminClient;
  let cookie: string;

  beforeAll(async () => {
    t = await startTestGateway();
    admin = await t.login();
    const login = await request(t.server).post('/api/auth/login').send({ username: ADMIN_USERNAME, password: ADMIN_PASSWORD });
    cookie = (login.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
  });

  afterAll(async () => {
    await t.close();
  });

  beforeEach(async () => {
    await t.truncate('request_logs');
  });

  async function listAll(filters: string): Promise<RequestLogItem[]> {
    const items: RequestLogItem[] = [];
    let cursor: string | null = null;
    do {
      const res = await admin.get(`/api/logs?limit=7&${filters}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      items.push(...(res.body as Page<RequestLogItem>).items);
      cursor = (res.body as Page<RequestLogItem>).nextCursor;
    } while (cursor);
    return items;
  }

  async function exportText(query: string): Promise<request.Response> {
    return admin
      .get(`/api/logs/export?${query}`)
      .buffer(true)
      .parse((res, done) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => done(null, body));
      });
  }

  /** The export's statement while its cursor is open on the server (not idle). */
  async function openExports(): Promise<number> {
    const [row] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle' AND starts_with(query, $1)`,
      [EXPORT_SQL_TAG],
    );
    return row.n;
  }

  async function seedGenerated(rows: number): Promise<void> {
    await t.dataSource.query(
      `INSERT INTO request_logs (request_id, created_at, model, endpoint, status_code, latency_ms, error_message)
       SELECT 'bulk-' || g, TIMESTAMPTZ '2025-06-01 00:00:00+00' + g * interval '1 second', 'gpt-4o', '/v1/chat/completions', 200, g,
              'a fairly long error message to make each exported line a realistic size ' || g
       FROM generate_series(1, $1::int) AS g`,
      [rows],
    );
  }

  /** A raw GET whose body the test reads at its own pace. */
  function openStream(path: string): Promise<http.IncomingMessage & { request: http.ClientRequest }> {
    return new Promise((resolve, reject) => {
      const req = http.get(`${t.url}${path}`, { headers: { cookie } }, (res) => resolve(Object.assign(res, { request: req })));
      req.on('error', reject);
    });
  }

  async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it('exports the filtered rows as CSV: same rows and order as the list, formula cells escaped', async () => {
    const writer = t.app.get(LogWriter);
    for (let i = 0; i < 60; i++) writer.enqueue(entry(i));
    await writer.flush();
    const filters = 'status=4xx&stream=false&from=2025-06-01T12:00:05Z';
    const listed = await listAll(filters);
    expect(listed.length).toBeGreaterThan(20);
    expect(listed.length).toBeLessThan(60);

    const res = await exportText(`format=csv&${filters}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="switchyard-logs-\d{8}T\d{6}Z\.csv"$/);
    const [header, ...rows] = parseCsv(res.body as string);
    expect(header).toEqual(FIELDS);
    expect(rows).toEqual(listed.map((item) => FIELDS.map((f) => cell(item[f as keyof RequestLogItem]))));
    // The escapes are really there (not only agreed on by both sides of the comparison).
    const messages = rows.map((r) => r[FIELDS.indexOf('errorMessage')]);
    for (const text of ['=HYPERLINK("http://x","y")', '+1+2', '-2+3', '@SUM(A1:A2)', '\tTAB', '\rCR'])
      expect(messages).toContain(`'${text}`);
    expect(messages).toContain('a, "quoted"\nline');
    expect(rows.map((r) => r[FIELDS.indexOf('model')])).toContain("'-model");
  });

  it('exports the filtered rows as JSONL: one RequestLogItem per line, equal to the list', async () => {
    const writer = t.app.get(LogWriter);
    for (let i = 0; i < 60; i++) writer.enqueue(entry(i));
    await writer.flush();
    const filters = 'model=gpt-4o&status=429';
    const listed = await listAll(filters);
    expect(listed.length).toBeGreaterThan(20);
    const res = await exportText(`format=jsonl&${filters}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="switchyard-logs-\d{8}T\d{6}Z\.jsonl"$/);
    const lines = (res.body as string).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line) as RequestLogItem)).toEqual(listed);
  });

  it('exports an empty set as a header alone, or nothing for JSONL', async () => {
    expect((await exportText('format=csv')).body).toBe(`${FIELDS.join(',')}\n`);
    expect((await exportText('format=jsonl')).body).toBe('');
  });

  it.each(['', 'format=xml', 'format=CSV', 'format=csv&format=jsonl'])('refuses %j with a 400 naming format', async (query) => {
    const res = await admin.get(`/api/logs/export?${query}`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toMatch(/\bformat\b/);
  });

  it('refuses paging parameters, which the export does not take', async () => {
    const res = await admin.get('/api/logs/export?format=csv&limit=10');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toMatch(/\blimit\b/);
  });

  it('requires an admin session', async () => {
    expect((await request(t.server).get('/api/logs/export?format=csv')).status).toBe(401);
  });

  it('streams a large export from an open cursor, fetching only as fast as the client reads', async () => {
    await seedGenerated(50_000);
    const res = await openStream('/api/logs/export?format=jsonl');
    expect(res.statusCode).toBe(200);
    res.pause();
    // The first bytes are here while the server's cursor is still open: it did not read everything first.
    await new Promise((resolve) => res.once('readable', resolve));
    expect(await openExports()).toBe(1);
    // Not reading: back-pressure holds the cursor open instead of the server buffering the rest.
    await new Promise((r) => setTimeout(r, 500));
    expect(await openExports()).toBe(1);
    let lines = 0;
    let first = '';
    res.setEncoding('utf8');
    for await (const chunk of res as AsyncIterable<string>) {
      if (!first) first = chunk.slice(0, chunk.indexOf('\n'));
      lines += chunk.split('\n').length - 1;
    }
    expect(lines).toBe(50_000);
    expect((JSON.parse(first) as RequestLogItem).requestId).toBe('bulk-50000');
    await waitFor('the cursor to close', async () => (await openExports()) === 0);
  });

  it('stops reading and gives the connection back when the client disconnects', async () => {
    await seedGenerated(50_000);
    const res = await openStream('/api/logs/export?format=csv');
    await new Promise((resolve) => res.once('data', resolve));
    expect(await openExports()).toBe(1);
    res.request.destroy();
    await waitFor('the cursor to close', async () => (await openExports()) === 0);
    // Nothing leaked: the slots and the pool still serve as many exports as before.
    for (let i = 0; i < MAX_CONCURRENT_EXPORTS + 1; i++) expect((await exportText('format=jsonl&model=none')).status).toBe(200);
  });

  it(`allows ${MAX_CONCURRENT_EXPORTS} exports at once and answers 429 to one more`, async () => {
    await seedGenerated(50_000);
    const held = await Promise.all(Array.from({ length: MAX_CONCURRENT_EXPORTS }, () => openStream('/api/logs/export?format=jsonl')));
    for (const res of held) res.pause();
    const refused = await admin.get('/api/logs/export?format=csv');
    expect(refused.status).toBe(429);
    for (const res of held) res.request.destroy();
    await waitFor('the cursors to close', async () => (await openExports()) === 0);
    await waitFor('a free slot', async () => (await exportText('format=csv&model=none')).status === 200);
  });
});
