import request from 'supertest';
import { LoginThrottle } from '../src/auth/login-throttle';
import { hashPassword } from '../src/auth/password-hasher';
import { ADMIN_PASSWORD, ADMIN_USERNAME, AdminClient, cookieValue, startTestGateway, TestGateway } from './support/test-gateway';

/** The session id inside a signed `s:<id>.<signature>` cookie value. */
function sessionId(res: request.Response, name = 'switchyard.sid'): string | undefined {
  return cookieValue(res, name)?.slice(2).split('.')[0];
}

function setCookie(res: request.Response, name: string): string | undefined {
  return (res.headers['set-cookie'] as unknown as string[] | undefined)?.find((c) => c.startsWith(`${name}=`));
}

describe('security: login throttling and sessions (e2e, TRUST_PROXY on)', () => {
  let t: TestGateway;
  let ipCounter = 0;
  /** Every test signs in from its own client address (X-Forwarded-For is trusted here). */
  const freshIp = () => `203.0.113.${++ipCounter}`;
  const login = (ip: string, username: string, password: string) =>
    request(t.server).post('/api/auth/login').set('X-Forwarded-For', ip).send({ username, password });

  beforeAll(async () => {
    t = await startTestGateway({ TRUST_PROXY: 'true' });
  });

  afterAll(async () => {
    await t.close();
  });

  describe('throttling', () => {
    it('pauses a username after 5 failures with 429, Retry-After and a clear message, even for the right password', async () => {
      const ip = freshIp();
      for (let i = 0; i < 5; i++) expect((await login(ip, 'victim', 'wrong-password')).status).toBe(401);
      const paused = await login(freshIp(), 'victim', 'wrong-password');
      expect(paused.status).toBe(429);
      expect(Number(paused.headers['retry-after'])).toBeGreaterThan(50);
      expect(Number(paused.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(paused.body.message).toMatch(/Too many failed sign-in attempts; try again in \d+ seconds/);
      // The pause is per username: the same IP may still sign in as someone else.
      expect((await login(ip, ADMIN_USERNAME, ADMIN_PASSWORD)).status).toBe(200);
    });

    it('answers the paused admin 429 even with the right password (delay, not lockout: the pause ends)', async () => {
      for (let i = 0; i < 5; i++) await login(freshIp(), ADMIN_USERNAME.toUpperCase(), 'wrong-password');
      const res = await login(freshIp(), ADMIN_USERNAME, ADMIN_PASSWORD);
      expect(res.status).toBe(429);
      // Lift the pause instead of waiting a minute: the other tests sign in as the admin.
      await t.app
        .get(LoginThrottle)
        .succeeded({ username: ADMIN_USERNAME, ip: '0.0.0.0', retryAfterSeconds: 0, userFailures: 0, ipFailures: 0 });
    });

    it('a successful sign-in resets the username counter', async () => {
      const ip = freshIp();
      for (let i = 0; i < 4; i++) expect((await login(ip, ADMIN_USERNAME, 'wrong-password')).status).toBe(401);
      expect((await login(ip, ADMIN_USERNAME, ADMIN_PASSWORD)).status).toBe(200);
      for (let i = 0; i < 4; i++) expect((await login(ip, ADMIN_USERNAME, 'wrong-password')).status).toBe(401);
      expect((await login(ip, ADMIN_USERNAME, ADMIN_PASSWORD)).status).toBe(200);
    });

    it('pauses a client IP after 20 failures across usernames', async () => {
      const ip = freshIp();
      for (let i = 0; i < 20; i++) expect((await login(ip, `guess-${i}`, 'wrong-password')).status).toBe(401);
      const res = await login(ip, 'guess-20', 'wrong-password');
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBeDefined();
      expect((await login(freshIp(), 'guess-20', 'wrong-password')).status).toBe(401);
    }, 60_000);
  });

  describe('credentials', () => {
    it('answers an unknown user and a wrong password with the same 401 body', async () => {
      const wrong = await login(freshIp(), ADMIN_USERNAME, 'nope-nope-nope');
      const unknown = await login(freshIp(), 'ghost', 'nope-nope-nope');
      expect([wrong.status, unknown.status]).toEqual([401, 401]);
      expect(wrong.body).toEqual(unknown.body);
    });

    it('accepts a 128-character password', async () => {
      const long = 'p'.repeat(64) + 'ä€'.repeat(32);
      await t.dataSource.query('UPDATE admin_users SET password_hash = $1', [await hashPassword(long)]);
      try {
        expect((await login(freshIp(), ADMIN_USERNAME, long)).status).toBe(200);
        expect((await login(freshIp(), ADMIN_USERNAME, long.slice(0, 127) + 'x')).status).toBe(401);
      } finally {
        await t.dataSource.query('UPDATE admin_users SET password_hash = $1', [await hashPassword(ADMIN_PASSWORD)]);
      }
    });

    it('refuses a 1 MB password with 413 and a 2,000-character one with 400, both without hashing', async () => {
      const started = Date.now();
      const huge = await login(freshIp(), ADMIN_USERNAME, 'x'.repeat(1024 * 1024));
      expect(huge.status).toBe(413);
      const long = await login(freshIp(), ADMIN_USERNAME, 'x'.repeat(2000));
      expect(long.status).toBe(400);
      expect(long.body.message).toEqual(['password must be a string of 1 to 1024 characters']);
      expect(Date.now() - started).toBeLessThan(1000);
    });
  });

  describe('sessions', () => {
    it('issues a new session id at every sign-in (no fixation); the old id is dead', async () => {
      const agent = request.agent(t.server);
      const first = await agent.post('/api/auth/login').send({ username: ADMIN_USERNAME, password: ADMIN_PASSWORD });
      const second = await agent.post('/api/auth/login').send({ username: ADMIN_USERNAME, password: ADMIN_PASSWORD });
      const [a, b] = [sessionId(first), sessionId(second)];
      expect(a).toBeDefined();
      expect(b).toBeDefined();
      expect(a).not.toBe(b);
      const replay = await request(t.server)
        .get('/api/auth/me')
        .set('Cookie', `switchyard.sid=${encodeURIComponent(cookieValue(first, 'switchyard.sid')!)}`);
      expect(replay.status).toBe(401);
    });

    it('logout destroys the session row: replaying the old cookie gets 401', async () => {
      const admin = await AdminClient.login(t.server, ADMIN_USERNAME, ADMIN_PASSWORD);
      const me = await admin.get('/api/auth/me');
      expect(me.status).toBe(200);
      const res = await request(t.server).post('/api/auth/login').send({ username: ADMIN_USERNAME, password: ADMIN_PASSWORD });
      const cookie = `switchyard.sid=${encodeURIComponent(cookieValue(res, 'switchyard.sid')!)}; XSRF-TOKEN=${cookieValue(res, 'XSRF-TOKEN')}`;
      expect((await request(t.server).get('/api/auth/me').set('Cookie', cookie)).status).toBe(200);
      const out = await request(t.server)
        .post('/api/auth/logout')
        .set('Cookie', cookie)
        .set('X-XSRF-TOKEN', cookieValue(res, 'XSRF-TOKEN')!);
      expect(out.status).toBe(204);
      expect(await t.dataSource.query('SELECT 1 FROM admin_sessions WHERE sid = $1', [sessionId(res)])).toHaveLength(0);
      expect((await request(t.server).get('/api/auth/me').set('Cookie', cookie)).status).toBe(401);
    });

    it('expires an idle session after sessionIdleMinutes (live setting, rolling)', async () => {
      const admin = await AdminClient.login(t.server, ADMIN_USERNAME, ADMIN_PASSWORD);
      expect((await admin.put('/api/config/sessionIdleMinutes', { value: 5 })).status).toBe(200);
      try {
        const me = await admin.get('/api/auth/me');
        const expires = Date.parse(/Expires=([^;]+)/.exec(setCookie(me, 'switchyard.sid') ?? '')?.[1] ?? '');
        expect((expires - Date.now()) / 1000).toBeGreaterThan(280);
        expect((expires - Date.now()) / 1000).toBeLessThanOrEqual(305);
        const id = sessionId(me);
        const [row] = await t.dataSource.query<{ seconds: number }[]>(
          `SELECT extract(epoch FROM expire - now())::int AS seconds FROM admin_sessions WHERE sid = $1`,
          [id],
        );
        expect(row.seconds).toBeGreaterThan(280);
        expect(row.seconds).toBeLessThanOrEqual(305);
        // Five idle minutes later the store no longer has it.
        await t.dataSource.query(`UPDATE admin_sessions SET expire = now() - interval '1 second' WHERE sid = $1`, [id]);
        expect((await admin.get('/api/auth/me')).status).toBe(401);
      } finally {
        await (await t.login()).put('/api/config/sessionIdleMinutes', { value: 60 });
      }
    });

    it('ends a session sessionMaxHours after sign-in however active it is', async () => {
      const admin = await AdminClient.login(t.server, ADMIN_USERNAME, ADMIN_PASSWORD);
      const me = await admin.get('/api/auth/me');
      expect(me.status).toBe(200);
      const id =
        sessionId(me) ??
        (await t.dataSource.query<{ sid: string }[]>('SELECT sid FROM admin_sessions ORDER BY expire DESC LIMIT 1'))[0].sid;
      const thirteenHoursAgo = Date.now() - 13 * 3_600_000;
      await t.dataSource.query(
        `UPDATE admin_sessions SET sess = jsonb_set(sess::jsonb, '{loginAt}', to_jsonb($2::bigint))::json WHERE sid = $1`,
        [id, thirteenHoursAgo],
      );
      const after = await admin.get('/api/auth/me');
      expect(after.status).toBe(401);
      expect(setCookie(after, 'switchyard.sid')).toMatch(/Expires=Thu, 01 Jan 1970/);
      expect(await t.dataSource.query('SELECT 1 FROM admin_sessions WHERE sid = $1', [id])).toHaveLength(0);
    });

    it('over https (trusted proxy): __Host- session cookie, Secure cookies and HSTS', async () => {
      const res = await request(t.server)
        .post('/api/auth/login')
        .set('X-Forwarded-Proto', 'https')
        .send({ username: ADMIN_USERNAME, password: ADMIN_PASSWORD });
      expect(res.status).toBe(200);
      const session = setCookie(res, '__Host-switchyard.sid');
      expect(session).toMatch(/; Path=\/;/);
      expect(session).toMatch(/; Secure/);
      expect(session).toMatch(/; HttpOnly/);
      expect(session).toMatch(/; SameSite=Lax/);
      expect(session).not.toMatch(/Domain=/i);
      expect(setCookie(res, 'XSRF-TOKEN')).toMatch(/; Secure/);
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
      const cookie = `__Host-switchyard.sid=${encodeURIComponent(cookieValue(res, '__Host-switchyard.sid')!)}`;
      expect((await request(t.server).get('/api/auth/me').set('X-Forwarded-Proto', 'https').set('Cookie', cookie)).status).toBe(200);
      // Over plain http neither the cookie name nor HSTS applies.
      const plain = await request(t.server).get('/api/auth/me');
      expect(plain.headers['strict-transport-security']).toBeUndefined();
      // The API (its own header list, no Express on the fast path) follows the same rule, errors included.
      const api = await request(t.server).get('/v1/models').set('X-Forwarded-Proto', 'https');
      expect(api.status).toBe(401);
      expect(api.headers['strict-transport-security']).toBe('max-age=31536000');
      expect(api.headers['x-content-type-options']).toBe('nosniff');
      expect((await request(t.server).get('/v1/models')).headers['strict-transport-security']).toBeUndefined();
    });
  });
});
