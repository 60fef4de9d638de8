import { createTestDatabase, FakeUpstream, TestDatabase } from '@switchyard/testing';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { periodStart } from '../src/users/budget-period';
import { startTestGateway, TestGateway } from './support/test-gateway';
import { dropKeysAndQuit } from './support/redis-cleanup';

/** Budgets shared through Redis by two instances on one database: spend on one counts on the other at once. */
describe('budgets across instances (services: Redis)', () => {
  const REDIS_URL = 'redis://127.0.0.1:6379';
  const prefix = `switchyard-test-${randomBytes(6).toString('hex')}`;
  let database: TestDatabase;
  let fake: FakeUpstream;
  let redis: Redis;
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
    redis = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    await Promise.all(started.map((t) => t.close()));
    await fake?.close();
    await database?.drop();
    await dropKeysAndQuit(redis, prefix);
  });

  /** An expensive API (about $1 a token), its alias and a user with a $1 daily budget, through `t`'s admin API. */
  async function seed(t: TestGateway): Promise<{ id: string; key: string; model: string }> {
    const admin = await t.login();
    const name = `pricey-${randomBytes(4).toString('hex')}`;
    const api = await admin.post('/api/apis', {
      name,
      provider: 'openai',
      baseUrl: `${fake.url}/v1`,
      apiKey: 'sk-upstream-0123456789',
      model: 'gpt-4o-mini',
      allowPrivateNetwork: true,
      inputPricePerMTok: 999_999,
      outputPricePerMTok: 999_999,
    });
    expect(api.status).toBe(201);
    const alias = await admin.post('/api/aliases', { alias: name, apiId: api.body.id });
    expect(alias.status).toBe(201);
    const user = await admin.post('/api/users', { name, allowedModels: ['*'], budgetUsd: 1, budgetPeriod: 'day' });
    expect(user.status).toBe(201);
    return { id: user.body.id as string, key: user.body.apiKey as string, model: name };
  }

  const call = (t: TestGateway, user: { key: string; model: string }) =>
    fetch(`${t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: user.model, messages: [{ role: 'user', content: 'hi' }] }),
    });

  const waitForKey = async (t: TestGateway, key: string) => {
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline) {
      const res = await fetch(`${t.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
      if (res.status === 200) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the key did not reach the instance');
  };

  it('refuses on instance B within a second once the budget is spent on instance A, without a snapshot reload', async () => {
    const env = { REDIS_URL, REDIS_KEY_PREFIX: prefix };
    const [a, b] = await Promise.all([start(env), start(env)]);
    const user = await seed(a);
    await waitForKey(b, user.key);
    fake.reset();

    const first = await call(a, user); // a few tokens at about $1 each: over the $1 budget
    expect(first.status).toBe(200);
    await first.text();
    const spentAt = Date.now();

    // The spend reaches Redis (seeded from the database figure, then incremented atomically)...
    const key = `${prefix}:spend:${user.id}:${periodStart('day').getTime()}`;
    let shared = 0;
    while (Date.now() - spentAt < 1_000 && shared <= 1) {
      shared = Number(await redis.get(key));
      if (shared <= 1) await new Promise((r) => setTimeout(r, 20));
    }
    expect(shared).toBeGreaterThan(1);
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0); // a daily key expires a little after the day ends

    // ...and B refuses at once, long before its next periodic snapshot reload (30 s).
    const refused = await call(b, user);
    expect(Date.now() - spentAt).toBeLessThan(1_000);
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { error: { code: string; type: string } };
    expect(body.error.code).toBe('insufficient_quota');
    expect(body.error.type).toBe('insufficient_quota');
    expect(fake.requests).toHaveLength(1);
  });

  it('still enforces the budget per instance when Redis is unreachable (rateLimitFailMode open)', async () => {
    const t = await start({ REDIS_URL: 'redis://127.0.0.1:1', REDIS_KEY_PREFIX: prefix });
    const user = await seed(t);
    expect((await call(t, user)).status).toBe(200);
    const refused = await call(t, user);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('insufficient_quota');
  });
});
