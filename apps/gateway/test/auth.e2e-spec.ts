import { randomBytes, scryptSync } from 'node:crypto';
import request from 'supertest';
import { ADMIN_PASSWORD, ADMIN_USERNAME, cookieValue, startTestGateway, TestGateway } from './support/test-gateway';

describe('admin login, sessions and CSRF (e2e)', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await startTestGateway();
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers 401 to an anonymous /api/auth/me and still hands out the XSRF-TOKEN cookie', async () => {
    const res = await request(t.server).get('/api/auth/me');
    expect(res.status).toBe(401);
    expect(cookieValue(res, 'XSRF-TOKEN')).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(cookieValue(res, 'switchyard.sid')).toBeUndefined();
  });

  it('signs in with the right credentials: HttpOnly SameSite=Lax session cookie, fresh CSRF token, /me works', async () => {
    const agent = request.agent(t.server);
    const anon = await agent.get('/api/auth/me');
    const anonToken = cookieValue(anon, 'XSRF-TOKEN');
    const res = await agent.post('/api/auth/login').send({ username: ADMIN_USERNAME, password: ADMIN_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: expect.any(String), username: ADMIN_USERNAME });
    const sessionCookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('switchyard.sid='));
    expect(sessionCookie).toMatch(/HttpOnly/i);
    expect(sessionCookie).toMatch(/SameSite=Lax/i);
    const token = cookieValue(res, 'XSRF-TOKEN');
    expect(token).toBeDefined();
    expect(token).not.toBe(anonToken);
    const me = await agent.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.username).toBe(ADMIN_USERNAME);
  });

  it('answers 401 with one message for a wrong password and for an unknown user', async () => {
    const wrong = await request(t.server).post('/api/auth/login').send({ username: ADMIN_USERNAME, password: 'nope-nope-nope' });
    const unknown = await request(t.server).post('/api/auth/login').send({ username: 'ghost', password: 'nope-nope-nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.message).toBe('Invalid username or password');
  });

  it('refuses mutating calls without the CSRF header, or with a different value, with 403', async () => {
    const admin = await t.login();
    const missing = await admin.agent.put('/api/config/logRetentionDays').send({ value: 10 });
    expect(missing.status).toBe(403);
    expect(missing.body.message).toMatch(/CSRF/);
    const wrong = await admin.agent.put('/api/config/logRetentionDays').set('X-XSRF-TOKEN', 'forged').send({ value: 10 });
    expect(wrong.status).toBe(403);
    const ok = await admin.put('/api/config/logRetentionDays', { value: 10 });
    expect(ok.status).toBe(200);
  });

  it('denies every /api route without a session (deny by default)', async () => {
    for (const path of ['/api/config', '/api/config/schema']) {
      const res = await request(t.server).get(path);
      expect(res.status).toBe(401);
    }
  });

  it('logs out: the session no longer works', async () => {
    const admin = await t.login();
    expect((await admin.get('/api/auth/me')).status).toBe(200);
    expect((await admin.post('/api/auth/logout')).status).toBe(204);
    expect((await admin.get('/api/auth/me')).status).toBe(401);
  });

  it("replaces an earlier version's hash (N=2^17) at the next sign-in, and the password still works", async () => {
    const salt = randomBytes(16);
    const key = scryptSync(ADMIN_PASSWORD.normalize('NFKC'), salt, 64, { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 });
    const legacy = ['scrypt', 17, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
    await t.dataSource.query('UPDATE admin_users SET password_hash = $1 WHERE username = $2', [legacy, ADMIN_USERNAME]);
    const login = () => request(t.server).post('/api/auth/login').send({ username: ADMIN_USERNAME, password: ADMIN_PASSWORD });
    expect((await login()).status).toBe(200);
    const [row] = await t.dataSource.query<{ password_hash: string }[]>('SELECT password_hash FROM admin_users WHERE username = $1', [
      ADMIN_USERNAME,
    ]);
    expect(row.password_hash).toMatch(/^scrypt\$15\$8\$3\$/);
    expect((await login()).status).toBe(200);
  });

  it('stores the admin password only as a scrypt hash', async () => {
    const rows: { password_hash: string }[] = await t.dataSource.query('SELECT password_hash FROM admin_users');
    expect(rows).toHaveLength(1);
    expect(rows[0].password_hash).toMatch(/^scrypt\$15\$8\$3\$/);
    expect(rows[0].password_hash).not.toContain(ADMIN_PASSWORD);
  });
});
