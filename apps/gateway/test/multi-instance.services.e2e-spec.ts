import { createTestDatabase, TestDatabase } from '@switchyard/testing';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { eventually } from './support/proxy-fixture';
import { ADMIN_PASSWORD, ADMIN_USERNAME, cookieValue, startTestGateway, TestGateway } from './support/test-gateway';

/** Several gateway instances on one PostgreSQL, as behind a load balancer. */
describe('several gateway instances on one database (services)', () => {
  let database: TestDatabase;
  let a: TestGateway;
  let b: TestGateway;
  const secretKey = randomBytes(32).toString('base64url');

  beforeAll(async () => {
    database = await createTestDatabase();
    // Started together: migrations and the first admin must not trip over each other.
    [a, b] = await Promise.all([startTestGateway({}, { database, secretKey }), startTestGateway({}, { database, secretKey })]);
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await database?.drop();
  });

  it('creates exactly one first admin and applies the migrations once', async () => {
    const admins: unknown[] = await a.dataSource.query('SELECT id FROM admin_users');
    expect(admins).toHaveLength(1);
    const migrations: { name: string }[] = await a.dataSource.query('SELECT name FROM migrations');
    expect(new Set(migrations.map((m) => m.name)).size).toBe(migrations.length);
  });

  it('honours a session opened on one instance at the other (sessions live in PostgreSQL)', async () => {
    const login = await request(a.server).post('/api/auth/login').send({ username: ADMIN_USERNAME, password: ADMIN_PASSWORD });
    expect(login.status).toBe(200);
    const sid = cookieValue(login, 'switchyard.sid');
    const xsrf = cookieValue(login, 'XSRF-TOKEN');
    const cookie = `switchyard.sid=${encodeURIComponent(sid!)}; XSRF-TOKEN=${xsrf}`;
    const me = await request(b.server).get('/api/auth/me').set('Cookie', cookie);
    expect(me.status).toBe(200);
    expect(me.body.username).toBe(ADMIN_USERNAME);
    const put = await request(b.server)
      .put('/api/config/logRetentionDays')
      .set('Cookie', cookie)
      .set('X-XSRF-TOKEN', xsrf!)
      .send({ value: 7 });
    expect(put.status).toBe(200);
  });

  it('spreads admin changes to the other instance through LISTEN/NOTIFY: settings, and keys on /v1', async () => {
    const adminA = await a.login();
    const adminB = await b.login();
    expect((await adminA.put('/api/config/defaultRateLimitRpm', { value: 42 })).status).toBe(200);
    await eventually(async () => expect((await adminB.get('/api/config')).body.defaultRateLimitRpm).toBe(42));

    const created = await adminA.post('/api/users', { name: 'spread', allowedModels: ['*'] });
    expect(created.status).toBe(201);
    const models = () => fetch(`${b.url}/v1/models`, { headers: { authorization: `Bearer ${created.body.apiKey}` } });
    await eventually(async () => expect((await models()).status).toBe(200));

    expect((await adminA.patch(`/api/users/${created.body.id}`, { enabled: false })).status).toBe(200);
    await eventually(async () => expect((await models()).status).toBe(401));
  });

  it('refuses to start an instance whose SECRET_KEY differs from the one the data was sealed with', async () => {
    await expect(startTestGateway({}, { database, secretKey: randomBytes(32).toString('base64url') })).rejects.toThrow(
      /SECRET_KEY does not match/,
    );
  });
});
