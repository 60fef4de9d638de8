import { ApiResponse } from '@switchyard/contracts';
import { FakeUpstream } from '@switchyard/testing';
import { CircuitBreakers } from '../src/proxy/circuit-breaker';
import { HealthChecker } from '../src/proxy/health-checker';
import { SnapshotService } from '../src/proxy/snapshot.service';
import { eventually } from './support/proxy-fixture';
import { AdminClient, startTestGateway, TestGateway } from './support/test-gateway';

const UPSTREAM_KEY = 'sk-upstream-health-0123456789';

/** The active health check closes open breakers through each provider's own models request. */
describe('routing: active health check (e2e)', () => {
  let t: TestGateway;
  let admin: AdminClient;
  let fake: FakeUpstream;
  let key: string;
  const ids: Record<string, string> = {};

  const createApi = async (name: string, fields: Record<string, unknown>): Promise<string> => {
    const res = await admin.post('/api/apis', { name, apiKey: UPSTREAM_KEY, allowPrivateNetwork: true, ...fields });
    expect(res.status).toBe(201);
    return (res.body as ApiResponse).id;
  };
  const health = async (id: string) => ((await admin.get(`/api/apis/${id}`)).body as ApiResponse).health;
  const breakers = () => t.app.get(CircuitBreakers);
  const openBreaker = (id: string) => breakers().for(id).record({ kind: 'failure', reason: 'upstream answered 503' }, breakers().policy());

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    t = await startTestGateway();
    admin = await t.login();
    expect((await admin.put('/api/config/breakerFailureThreshold', { value: 1 })).status).toBe(200);
    ids.openai = await createApi('oai', { provider: 'openai', baseUrl: `${fake.url}/v1`, model: 'gpt-4o-mini' });
    ids.azure = await createApi('az', { provider: 'azure-openai', baseUrl: fake.url, model: 'prod-deploy' });
    ids.anthropic = await createApi('claude', { provider: 'anthropic', baseUrl: fake.url, model: 'claude-x' });
    expect((await admin.post('/api/aliases', { alias: 'claude', apiId: ids.anthropic })).status).toBe(201);
    key = (await admin.post('/api/users', { name: 'app', allowedModels: ['*'] })).body.apiKey;
    await t.app.get(SnapshotService).reload();
  });

  beforeEach(() => {
    fake.reset();
    breakers().clear();
  });

  afterAll(async () => {
    await admin?.put('/api/config/healthCheckIntervalSeconds', { value: 0 });
    await t?.close();
    await fake?.close();
  });

  it('closes an anthropic API’s breaker opened by real traffic once its models list answers, not before', async () => {
    fake.setBehavior({ kind: 'error', status: 503 }, { path: '/v1/messages' });
    const res = await fetch(`${t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(503);
    expect(await health(ids.anthropic)).toMatchObject({ state: 'open' });

    // The upstream still fails: the breaker stays open.
    fake.setBehavior({ kind: 'error', status: 503 }, { path: '/v1/models', times: 1 });
    await t.app.get(HealthChecker).checkUnhealthy();
    expect(await health(ids.anthropic)).toMatchObject({ state: 'open' });

    await t.app.get(HealthChecker).checkUnhealthy();
    const closed = await health(ids.anthropic);
    expect(closed.state).toBe('closed');
    expect(closed.history[0]).toMatchObject({ state: 'closed', reason: 'active health check succeeded' });
    const probes = fake.requests.filter((r) => r.method === 'GET');
    expect(probes).toHaveLength(2);
    for (const probe of probes) {
      expect(probe.path).toBe('/v1/models');
      expect(probe.headers).toMatchObject({ 'x-api-key': UPSTREAM_KEY, 'anthropic-version': '2023-06-01' });
      expect(probe.headers.authorization).toBeUndefined();
    }
  });

  it('closes an azure-openai API’s breaker through /openai/models with the api-key header', async () => {
    openBreaker(ids.azure);
    expect(await health(ids.azure)).toMatchObject({ state: 'open' });
    await t.app.get(HealthChecker).checkUnhealthy();
    const closed = await health(ids.azure);
    expect(closed.state).toBe('closed');
    expect(closed.history[0]).toMatchObject({ state: 'closed', reason: 'active health check succeeded' });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0].url).toMatch(/^\/openai\/models\?api-version=/);
    expect(fake.requests[0].headers['api-key']).toBe(UPSTREAM_KEY);
    expect(fake.requests[0].headers.authorization).toBeUndefined();
  });

  it('runs on its own every healthCheckIntervalSeconds and leaves closed breakers alone', async () => {
    openBreaker(ids.openai);
    expect((await admin.put('/api/config/healthCheckIntervalSeconds', { value: 1 })).status).toBe(200);
    try {
      await eventually(async () => expect(await health(ids.openai)).toMatchObject({ state: 'closed' }), 5_000);
    } finally {
      expect((await admin.put('/api/config/healthCheckIntervalSeconds', { value: 0 })).status).toBe(200);
    }
    expect(fake.requests.length).toBeGreaterThanOrEqual(1);
    expect(fake.requests.every((r) => r.path === '/v1/models' && r.headers.authorization === `Bearer ${UPSTREAM_KEY}`)).toBe(true);
  });
});
