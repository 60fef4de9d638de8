import { ApiResponse } from '@switchyard/contracts';
import { FakeUpstream } from '@switchyard/testing';
import { CircuitBreakers } from '../src/proxy/circuit-breaker';
import { AdminClient, startTestGateway, TestGateway } from './support/test-gateway';

/** Circuit breaking (threshold 2, cooldown 1 s) and the weighted split, against two fake upstreams. */
describe('routing: breaker and weighted split (e2e)', () => {
  let t: TestGateway;
  let admin: AdminClient;
  let a: FakeUpstream;
  let b: FakeUpstream;
  let apiA: string;
  let apiB: string;
  let key: string;

  const createApi = async (name: string, fake: FakeUpstream): Promise<string> => {
    const res = await admin.post('/api/apis', {
      name,
      provider: 'openai',
      baseUrl: `${fake.url}/v1`,
      apiKey: 'sk-upstream-0123456789',
      model: 'text-embedding-3-small',
      allowPrivateNetwork: true,
    });
    expect(res.status).toBe(201);
    return (res.body as ApiResponse).id;
  };

  const embed = (model: string) =>
    fetch(`${t.url}/v1/embeddings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, input: 'hello' }),
    });
  const health = async (id: string) => ((await admin.get(`/api/apis/${id}`)).body as ApiResponse).health;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeAll(async () => {
    [a, b] = await Promise.all([FakeUpstream.start(), FakeUpstream.start()]);
    t = await startTestGateway();
    admin = await t.login();
    expect((await admin.put('/api/config/breakerFailureThreshold', { value: 2 })).status).toBe(200);
    expect((await admin.put('/api/config/breakerCooldownSeconds', { value: 1 })).status).toBe(200);
    apiA = await createApi('alpha', a);
    apiB = await createApi('beta', b);
    const targets = [
      { apiId: apiA, priority: 0, weight: 3 },
      { apiId: apiB, priority: 1, weight: 1 },
    ];
    expect((await admin.post('/api/aliases', { alias: 'prio', strategy: 'priority', targets })).status).toBe(201);
    expect((await admin.post('/api/aliases', { alias: 'split', strategy: 'weighted', targets })).status).toBe(201);
    expect((await admin.post('/api/aliases', { alias: 'solo', apiId: apiA })).status).toBe(201);
    key = (await admin.post('/api/users', { name: 'app', allowedModels: ['*'] })).body.apiKey;
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

  it('shows a never-used API as closed in /api/apis', async () => {
    const list = (await admin.get('/api/apis')).body as ApiResponse[];
    expect(list.find((x) => x.id === apiB)?.health).toEqual({
      state: 'closed',
      since: null,
      consecutiveFailures: 0,
      reason: null,
      history: [],
    });
  });

  it('lists the provider names an API may use', async () => {
    const res = await admin.get('/api/providers');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.arrayContaining([{ name: 'openai' }, { name: 'anthropic' }, { name: 'azure-openai' }]));
  });

  it('opens after the threshold, skips the target, then a successful half-open probe closes it', async () => {
    a.setBehavior({ kind: 'error', status: 503 });
    for (let i = 0; i < 2; i++) expect((await embed('prio')).status).toBe(200);
    expect(a.requests).toHaveLength(2);
    expect(await health(apiA)).toMatchObject({ state: 'open', consecutiveFailures: 2, reason: expect.stringContaining('503') });
    const listed = (await admin.get('/api/apis')).body as ApiResponse[];
    expect(listed.find((x) => x.id === apiA)?.health.state).toBe('open');

    expect((await embed('prio')).status).toBe(200);
    expect(a.requests).toHaveLength(2); // skipped while open
    expect(b.requests).toHaveLength(3);

    await sleep(1_100);
    a.reset();
    expect((await embed('prio')).status).toBe(200);
    expect(a.requests).toHaveLength(1); // the probe went to alpha
    expect(b.requests).toHaveLength(3);
    const closed = await health(apiA);
    expect(closed.state).toBe('closed');
    expect(closed.history.map((h) => h.state)).toEqual(['closed', 'half-open', 'open']);
  });

  it('opens again when the half-open probe fails', async () => {
    a.setBehavior({ kind: 'error', status: 500 });
    for (let i = 0; i < 2; i++) await embed('prio');
    await sleep(1_100);
    expect((await embed('prio')).status).toBe(200); // probe fails over to beta
    expect(a.requests).toHaveLength(3);
    const reopened = await health(apiA);
    expect(reopened.state).toBe('open');
    expect(reopened.history.map((h) => h.state)).toEqual(['open', 'half-open', 'open']);
    await embed('prio');
    expect(a.requests).toHaveLength(3);
  });

  it('fails fast with 503 upstream_unavailable when every target is open, without calling the upstream', async () => {
    a.setBehavior({ kind: 'error', status: 503 });
    for (let i = 0; i < 2; i++) expect((await embed('solo')).status).toBe(503);
    const res = await embed('solo');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { type: 'server_error', code: 'upstream_unavailable' } });
    expect(a.requests).toHaveLength(2);
  });

  it('does not count a 400 as a breaker failure', async () => {
    a.setBehavior({ kind: 'error', status: 400 });
    for (let i = 0; i < 3; i++) expect((await embed('solo')).status).toBe(400);
    expect(await health(apiA)).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });

  it('splits weighted traffic 3:1 over 1,000 calls (75% ± 5%)', async () => {
    let next = 0;
    const worker = async () => {
      while (next < 1_000) {
        next++;
        const res = await embed('split');
        expect(res.status).toBe(200);
        await res.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: 20 }, worker));
    expect(a.requests.length + b.requests.length).toBe(1_000);
    expect(a.requests.length / 1_000).toBeGreaterThanOrEqual(0.7);
    expect(a.requests.length / 1_000).toBeLessThanOrEqual(0.8);
  }, 60_000);
});
