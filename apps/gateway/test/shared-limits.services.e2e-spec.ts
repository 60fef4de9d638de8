import { createTestDatabase, FakeUpstream, TestDatabase } from '@switchyard/testing';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { startTestGateway, TestGateway } from './support/test-gateway';
import { dropKeysAndQuit } from './support/redis-cleanup';

/** RPM limits shared through Redis by two instances on one database; and what happens without Redis. */
describe('rate limits across instances (services: Redis)', () => {
  const REDIS_URL = 'redis://127.0.0.1:6379';
  const prefix = `switchyard-test-${randomBytes(6).toString('hex')}`;
  let database: TestDatabase;
  let fake: FakeUpstream;
  const secretKey = randomBytes(32).toString('base64url');
  const started: TestGateway[] = [];

  const start = async (env: Record<string, string>) => {
    const t = await startTestGateway(env, { database, secretKey });
    started.push(t);
    return t;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    fake = await FakeUpstream.start();
  });

  afterAll(async () => {
    await Promise.all(started.map((t) => t.close()));
    await fake?.close();
    await database?.drop();
    await dropKeysAndQuit(new Redis(REDIS_URL), prefix);
  });

  /** An API, alias `chat` and a user with an RPM limit of `rpm`, created through `t`'s admin API. */
  async function seed(t: TestGateway, rpm: number): Promise<string> {
    const admin = await t.login();
    const name = `fake-${randomBytes(4).toString('hex')}`;
    const api = await admin.post('/api/apis', {
      name,
      provider: 'openai',
      baseUrl: `${fake.url}/v1`,
      apiKey: 'sk-upstream-0123456789',
      model: 'gpt-4o-mini',
      allowPrivateNetwork: true,
    });
    expect(api.status).toBe(201);
    const alias = await admin.post('/api/aliases', { alias: `chat-${name}`, apiId: api.body.id });
    expect(alias.status).toBe(201);
    const user = await admin.post('/api/users', { name, allowedModels: ['*'], rateLimitRpm: rpm });
    expect(user.status).toBe(201);
    return `${user.body.apiKey as string} chat-${name}`;
  }

  const call = (t: TestGateway, keyAndModel: string) => {
    const [key, model] = keyAndModel.split(' ');
    return fetch(`${t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
    });
  };

  const waitForKey = async (t: TestGateway, keyAndModel: string) => {
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline) {
      const res = await fetch(`${t.url}/v1/models`, { headers: { authorization: `Bearer ${keyAndModel.split(' ')[0]}` } });
      if (res.status === 200) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the key did not reach the instance');
  };

  it('holds an RPM limit of N across two instances together', async () => {
    const env = { REDIS_URL, REDIS_KEY_PREFIX: prefix };
    const [a, b] = await Promise.all([start(env), start(env)]);
    const N = 5;
    const key = await seed(a, N);
    await waitForKey(b, key);
    const statuses = await Promise.all(Array.from({ length: N + 4 }, (_, i) => call(i % 2 ? a : b, key).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(N);
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
  });

  it('fails open by default when Redis is unreachable, counting the store errors', async () => {
    const t = await start({ REDIS_URL: 'redis://127.0.0.1:1', REDIS_KEY_PREFIX: prefix });
    const key = await seed(t, 1);
    const statuses = await Promise.all([1, 2, 3].map(() => call(t, key).then((r) => r.status)));
    expect(statuses).toEqual([200, 200, 200]);
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/^switchyard_rate_limit_store_errors_total [1-9]/m);
  });

  it('fails closed with an OpenAI-shaped 503 when rateLimitFailMode is closed', async () => {
    const t = await start({ REDIS_URL: 'redis://127.0.0.1:1', REDIS_KEY_PREFIX: prefix });
    const key = await seed(t, 1);
    const admin = await t.login();
    expect((await admin.put('/api/config/rateLimitFailMode', { value: 'closed' })).status).toBe(200);
    const res = await call(t, key);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('rate_limiter_unavailable');
    expect((await admin.put('/api/config/rateLimitFailMode', { value: 'sideways' })).status).toBe(400);
    expect((await admin.put('/api/config/rateLimitFailMode', { value: 'open' })).status).toBe(200);
  });
});
