import { createTestDatabase, FakeUpstream, TestDatabase } from '@switchyard/testing';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { GatewayProcess } from './support/gateway-process';
import { chat, loginAt, modelsStatus, SERVICES_ADMIN, seedKey, until } from './support/services-seed';
import { dropKeysAndQuit } from './support/redis-cleanup';

const REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * Two compiled gateways (child processes, as operators run them) on one fresh database of the
 * machine's PostgreSQL and one Redis, as behind a load balancer.
 */
describe('two compiled gateway instances on one PostgreSQL and Redis (services)', () => {
  const prefix = `switchyard-test-${randomBytes(6).toString('hex')}`;
  const secretKey = randomBytes(32).toString('base64url');
  let database: TestDatabase;
  let fake: FakeUpstream;
  let a: GatewayProcess;
  let b: GatewayProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    fake = await FakeUpstream.start();
    const start = () =>
      GatewayProcess.start({ ...SERVICES_ADMIN, databaseUrl: database.url, secretKey, env: { REDIS_URL, REDIS_KEY_PREFIX: prefix } });
    // Started together: migrations and the first admin must not trip over each other.
    [a, b] = await Promise.all([start(), start()]);
  });

  afterAll(async () => {
    // stop() throws unless the instance exits 0 after SIGTERM.
    const stopped = await Promise.allSettled([a?.stop(), b?.stop()]);
    await fake?.close();
    await database?.drop();
    await dropKeysAndQuit(new Redis(REDIS_URL), prefix);
    for (const s of stopped) if (s.status === 'rejected') throw s.reason;
  });

  it('refuses a user disabled through instance A on instance B within 1 s', async () => {
    const adminA = await loginAt(a.url);
    const key = await seedKey(adminA, fake.url);
    await until(async () => (await modelsStatus(b.url, key.apiKey)) === 200, 5_000);
    expect((await chat(b.url, key)).status).toBe(200);

    const disabled = await adminA.patch(`/api/users/${key.userId}`, { enabled: false });
    expect(disabled.status).toBe(200);
    const tookMs = await until(async () => (await modelsStatus(b.url, key.apiKey)) === 401, 1_000, 10);
    expect(tookMs).toBeLessThan(1_000);
    const refused = await chat(b.url, key);
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { type: expect.any(String) } });
    // And A refuses it too, of course.
    expect(await modelsStatus(a.url, key.apiKey)).toBe(401);
  });

  it('holds an RPM limit of N across both instances together (Redis)', async () => {
    const N = 6;
    const key = await seedKey(await loginAt(b.url), fake.url, N);
    await until(async () => (await modelsStatus(a.url, key.apiKey)) === 200, 5_000);
    // /v1/models does not count against the RPM limit; completions do, on either instance.
    const results = await Promise.all(Array.from({ length: N + 5 }, (_, i) => chat(i % 2 ? a.url : b.url, key)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(N);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    // Per-instance counting would have let all N + 5 through: neither instance alone sees more than N.
  });
});
