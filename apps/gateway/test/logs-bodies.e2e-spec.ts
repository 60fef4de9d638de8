import type { Page, RequestLogDetail, RequestLogItem } from '@switchyard/contracts';
import { LogWriter, NewRequestLog } from '../src/logs/log-writer.service';
import { AdminClient, startTestGateway, TestGateway } from './support/test-gateway';

function entry(requestId: string, bodies: Pick<NewRequestLog, 'requestBody' | 'responseBody'> = {}, createdAt = new Date()): NewRequestLog {
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
    clientIp: '192.0.2.7',
    ...bodies,
  };
}

describe('request log bodies (e2e)', () => {
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
    await t.truncate('request_logs', 'request_log_bodies');
    expect((await admin.put('/api/config/logBodyMaxKb', { value: 64 })).status).toBe(200);
  });

  async function detail(requestId: string): Promise<RequestLogDetail> {
    const list = await admin.get('/api/logs?limit=500');
    const item = (list.body as Page<RequestLogItem>).items.find((i) => i.requestId === requestId);
    expect(item).toBeDefined();
    const res = await admin.get(`/api/logs/${item!.id}`);
    expect(res.status).toBe(200);
    return res.body as RequestLogDetail;
  }

  it('stores the bodies with their row and shows them, with the client IP, on /api/logs/:id', async () => {
    const requestBody = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Grüße 👋' }] });
    writer.enqueue(entry('with-bodies', { requestBody, responseBody: '{"choices":[]}' }));
    await writer.flush();
    expect(await detail('with-bodies')).toMatchObject({
      requestId: 'with-bodies',
      clientIp: '192.0.2.7',
      requestBody,
      responseBody: '{"choices":[]}',
      bodiesTruncated: false,
    });
  });

  it('shows nulls, and stores no body row, for a call logged without bodies', async () => {
    writer.enqueue(entry('no-bodies'));
    writer.enqueue(entry('request-only', { requestBody: '{}', responseBody: null }));
    await writer.flush();
    expect(await detail('no-bodies')).toMatchObject({ requestBody: null, responseBody: null, bodiesTruncated: false });
    expect(await detail('request-only')).toMatchObject({ requestBody: '{}', responseBody: null, bodiesTruncated: false });
    const rows = await t.dataSource.query<{ request_id: string }[]>('SELECT request_id FROM request_log_bodies');
    expect(rows.map((r) => r.request_id)).toEqual(['request-only']);
  });

  it('cuts bodies to logBodyMaxKb (UTF-8 bytes, whole characters) and marks them truncated', async () => {
    expect((await admin.put('/api/config/logBodyMaxKb', { value: 1 })).status).toBe(200);
    // 1023 ASCII bytes then a 2-byte character: the character would end at byte 1025, so it goes.
    const long = `${'a'.repeat(1023)}é${'b'.repeat(5000)}`;
    writer.enqueue(entry('cut', { requestBody: long, responseBody: 'short' }));
    writer.enqueue(entry('fits', { requestBody: 'x'.repeat(1024), responseBody: null }));
    await writer.flush();
    const cut = await detail('cut');
    expect(cut.requestBody).toBe('a'.repeat(1023));
    expect(cut.responseBody).toBe('short');
    expect(cut.bodiesTruncated).toBe(true);
    const fits = await detail('fits');
    expect(fits.requestBody).toBe('x'.repeat(1024));
    expect(fits.bodiesTruncated).toBe(false);
    const [stored] = await t.dataSource.query<{ bytes: number; truncated: boolean }[]>(
      "SELECT octet_length(request_body) AS bytes, truncated FROM request_log_bodies WHERE request_id = 'cut'",
    );
    expect(stored).toEqual({ bytes: 1023, truncated: true });
  });

  it('writes rows and bodies in the same transaction', async () => {
    for (let i = 0; i < 20; i++) writer.enqueue(entry(`tx-${i}`, { requestBody: `{"n":${i}}` }));
    await writer.flush();
    const [{ transactions }] = await t.dataSource.query<{ transactions: number }[]>(
      `SELECT count(DISTINCT x)::int AS transactions FROM (
         SELECT xmin::text AS x FROM request_logs UNION ALL SELECT xmin::text FROM request_log_bodies) AS both_tables`,
    );
    expect(transactions).toBe(1);
  });

  it('stores a repeated request id once, with the first call body (retries and spool replays are deduplicated)', async () => {
    writer.enqueue(entry('dup', { requestBody: 'first' }, new Date('2025-06-01T12:00:00Z')));
    writer.enqueue(entry('dup', { requestBody: 'second' }, new Date('2025-06-01T12:00:01Z')));
    await writer.flush();
    const list = (await admin.get('/api/logs?limit=10')).body as Page<RequestLogItem>;
    expect(list.items).toHaveLength(1);
    expect((await admin.get(`/api/logs/${list.items[0].id}`)).body).toMatchObject({ requestBody: 'first' });
    expect(writer.stats().rejected).toBe(0);
  });

  it('refuses logBodyMaxKb outside 1..10240', async () => {
    for (const value of [0, 10241, 1.5, '64']) expect((await admin.put('/api/config/logBodyMaxKb', { value })).status).toBe(400);
  });
});
