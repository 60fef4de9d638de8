import { ApiResponse, RequestLogDetail } from '@switchyard/contracts';
import { FakeUpstream } from '@switchyard/testing';
import { LogWriter } from '../src/logs/log-writer.service';
import { CircuitBreakers } from '../src/proxy/circuit-breaker';
import { AdminClient, startTestGateway, TestGateway } from './support/test-gateway';

/** Failover, no retry after the first byte, Retry-After: two fake upstreams behind one alias. */
describe('routing: failover (e2e)', () => {
  let t: TestGateway;
  let admin: AdminClient;
  let a: FakeUpstream;
  let b: FakeUpstream;
  let apiA: string;
  let apiB: string;
  let key: string;

  const createApi = async (name: string, fake: FakeUpstream, timeoutMs: number): Promise<string> => {
    const res = await admin.post('/api/apis', {
      name,
      provider: 'openai',
      baseUrl: `${fake.url}/v1`,
      apiKey: 'sk-upstream-0123456789',
      model: 'gpt-4o-mini',
      timeoutMs,
      allowPrivateNetwork: true,
    });
    expect(res.status).toBe(201);
    return (res.body as ApiResponse).id;
  };

  const chat = (model: string, extra: Record<string, unknown> = {}) =>
    fetch(`${t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], ...extra }),
    });

  const detailOf = async (res: Response): Promise<RequestLogDetail> => {
    await t.app.get(LogWriter).flush();
    const [row] = await t.dataSource.query<{ id: string }[]>('SELECT id FROM request_logs WHERE request_id = $1', [
      res.headers.get('x-request-id'),
    ]);
    const detail = await admin.get(`/api/logs/${row.id}`);
    expect(detail.status).toBe(200);
    return detail.body as RequestLogDetail;
  };

  beforeAll(async () => {
    [a, b] = await Promise.all([FakeUpstream.start(), FakeUpstream.start()]);
    t = await startTestGateway();
    admin = await t.login();
    apiA = await createApi('alpha', a, 1_000);
    apiB = await createApi('beta', b, 5_000);
    const prio = await admin.post('/api/aliases', {
      alias: 'prio',
      strategy: 'priority',
      targets: [
        { apiId: apiB, priority: 1 },
        { apiId: apiA, priority: 0 },
      ],
    });
    expect(prio.status).toBe(201);
    expect((await admin.post('/api/aliases', { alias: 'solo', apiId: apiA })).status).toBe(201);
    const user = await admin.post('/api/users', { name: 'app', allowedModels: ['*'] });
    key = user.body.apiKey;
  });

  beforeEach(() => {
    a.reset();
    b.reset();
    t.app.get(CircuitBreakers).clear();
  });

  afterAll(async () => {
    await t?.close();
    await Promise.all([a?.close(), b?.close()]);
  });

  it('moves a 503 to the next target and logs both attempts as the routing trace', async () => {
    a.setBehavior({ kind: 'error', status: 503 });
    const res = await chat('prio');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { object: string }).object).toBe('chat.completion');
    expect([a.requests.length, b.requests.length]).toEqual([1, 1]);
    const detail = await detailOf(res);
    expect(detail).toMatchObject({ apiId: apiB, statusCode: 200 });
    expect(detail.attempts).toEqual([
      {
        apiId: apiA,
        apiName: 'alpha',
        statusCode: 503,
        latencyMs: expect.any(Number),
        error: expect.stringContaining('503 from upstream'),
      },
      { apiId: apiB, apiName: 'beta', statusCode: 200, latencyMs: expect.any(Number), error: null },
    ]);
  });

  it('stores no trace when the first target serves the call; the detail names the API', async () => {
    const res = await chat('prio', { stream: true });
    expect(res.status).toBe(200);
    await res.text();
    const plain = await chat('solo');
    expect(plain.status).toBe(200);
    for (const call of [res, plain])
      expect(await detailOf(call)).toMatchObject({ apiId: apiA, apiName: 'alpha', statusCode: 200, attempts: [] });
    const [{ stored }] = await t.dataSource.query<{ stored: number }[]>(
      'SELECT count(*)::int AS stored FROM request_logs WHERE request_id = ANY($1) AND attempts IS NOT NULL',
      [[res.headers.get('x-request-id'), plain.headers.get('x-request-id')]],
    );
    expect(stored).toBe(0);
  });

  it('moves a connection reset and a timeout before the headers to the next target', async () => {
    a.setBehavior({ kind: 'reset' });
    const reset = await chat('prio');
    expect(reset.status).toBe(200);
    expect((await detailOf(reset)).attempts.map((x) => [x.apiName, x.statusCode])).toEqual([
      ['alpha', null],
      ['beta', 200],
    ]);

    a.setBehavior({ kind: 'stall' });
    const stalled = await chat('prio');
    expect(stalled.status).toBe(200);
    const [first] = (await detailOf(stalled)).attempts;
    expect(first).toMatchObject({ apiName: 'alpha', statusCode: null, error: expect.stringContaining('1000 ms') });
  });

  it('relays a 4xx other than 429 as it is, without trying another target', async () => {
    a.setBehavior({ kind: 'error', status: 400 });
    const res = await chat('prio');
    expect(res.status).toBe(400);
    expect(b.requests).toHaveLength(0);
    expect((await detailOf(res)).attempts).toHaveLength(1);
  });

  it('answers with the last error once every target failed', async () => {
    a.setBehavior({ kind: 'error', status: 500 });
    b.setBehavior({ kind: 'error', status: 502 });
    const res = await chat('prio');
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBeDefined();
    const detail = await detailOf(res);
    expect(detail.apiId).toBe(apiB);
    expect(detail.attempts.map((x) => x.statusCode)).toEqual([500, 502]);
  });

  it('never retries once the first streamed byte reached the client', async () => {
    a.setBehavior({ kind: 'stream-stall-after', chunks: 2 });
    const res = await chat('prio', { stream: true });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/^data: /);
    expect(text).toContain('upstream_timeout');
    expect(b.requests).toHaveLength(0);
    const detail = await detailOf(res);
    expect(detail.attempts).toHaveLength(1);
    expect(detail.attempts[0]).toMatchObject({ apiId: apiA, statusCode: 504 });
  });

  it('waits for a short Retry-After when there is no other target, and not for a long one', async () => {
    a.setBehavior({ kind: 'error', status: 429, headers: { 'retry-after': '1' } }, { times: 1 });
    const started = Date.now();
    const res = await chat('solo');
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect((await detailOf(res)).attempts.map((x) => x.statusCode)).toEqual([429, 200]);

    a.reset();
    a.setBehavior({ kind: 'error', status: 429, headers: { 'retry-after': '5' } }, { times: 1 });
    const refused = await chat('solo');
    expect(refused.status).toBe(429);
    expect(a.requests).toHaveLength(1);
  });
});
