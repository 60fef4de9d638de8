import type { UserResponse, UserWithKeyResponse } from '@switchyard/contracts';
import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { AdminClient, cookieValue, startTestGateway, TestGateway } from './support/test-gateway';

const KEY_FORMAT = /^sk-[0-9A-Za-z]{48}$/;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('/api/users (e2e)', () => {
  let t: TestGateway;
  let admin: AdminClient;

  beforeAll(async () => {
    t = await startTestGateway();
    admin = await t.login();
  });

  afterAll(async () => {
    await t.close();
  });

  beforeEach(async () => {
    await t.truncate('api_users');
  });

  async function createUser(body: Record<string, unknown> = {}): Promise<UserWithKeyResponse> {
    const res = await admin.post('/api/users', { name: 'alice', allowedModels: ['gpt-4o'], ...body });
    expect(res.status).toBe(201);
    return res.body as UserWithKeyResponse;
  }

  async function rows(): Promise<Record<string, unknown>[]> {
    return t.dataSource.query('SELECT * FROM api_users');
  }

  function expectBadRequest(res: request.Response, field: string): void {
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 400, error: 'Bad Request' });
    expect(JSON.stringify(res.body.message)).toMatch(new RegExp(`\\b${field}\\b`));
  }

  describe('create', () => {
    it('answers 201 with the user, the defaults and a key shown once', async () => {
      const res = await admin.post('/api/users', { name: 'alice', allowedModels: ['gpt-4o', 'openai/gpt-4.1:beta'] });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'alice',
        apiKey: expect.stringMatching(KEY_FORMAT),
        keyPrefix: res.body.apiKey.slice(0, 11),
        allowedModels: ['gpt-4o', 'openai/gpt-4.1:beta'],
        rateLimitRpm: null,
        rateLimitTpm: null,
        budgetUsd: null,
        budgetPeriod: 'month',
        spentUsd: 0,
        enabled: true,
        expiresAt: null,
        lastUsedAt: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(res.body.keyPrefix).toMatch(/^sk-[0-9A-Za-z]{8}$/);
      expect(Date.parse(res.body.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    });

    it('stores every optional field', async () => {
      const user = await createUser({
        allowedModels: ['*'],
        rateLimitRpm: 0,
        rateLimitTpm: 100_000,
        budgetUsd: 12.5,
        budgetPeriod: 'day',
        expiresAt: '2030-01-31T12:00:00+01:00',
        enabled: false,
      });
      const fetched = (await admin.get(`/api/users/${user.id}`)).body as UserResponse;
      for (const body of [user, fetched]) {
        expect(body).toMatchObject({
          allowedModels: ['*'],
          rateLimitRpm: 0,
          rateLimitTpm: 100_000,
          budgetUsd: 12.5,
          budgetPeriod: 'day',
          expiresAt: '2030-01-31T11:00:00.000Z',
          enabled: false,
        });
      }
    });

    it('accepts an empty allowedModels and 500 entries, and drops repeated entries', async () => {
      expect((await createUser({ name: 'none', allowedModels: [] })).allowedModels).toEqual([]);
      const many = Array.from({ length: 500 }, (_, i) => `model-${i}`);
      expect((await createUser({ name: 'many', allowedModels: many })).allowedModels).toEqual(many);
      expect((await createUser({ name: 'dup', allowedModels: ['a', 'b', 'a'] })).allowedModels).toEqual(['a', 'b']);
    });

    it('keeps only the sha256 and the prefix of the key in the database', async () => {
      const user = await createUser();
      const [row] = await rows();
      expect(row.key_hash).toBe(sha256(user.apiKey));
      expect(row.key_prefix).toBe(user.apiKey.slice(0, 11));
      for (const [column, value] of Object.entries(row)) {
        expect({ column, holdsKey: JSON.stringify(value).includes(user.apiKey.slice(3)) }).toEqual({ column, holdsKey: false });
      }
    });

    it('issues a different key to every user', async () => {
      const a = await createUser({ name: 'a' });
      const b = await createUser({ name: 'b' });
      expect(a.apiKey).not.toBe(b.apiKey);
    });
  });

  describe('the key is returned only once', () => {
    it('is absent from the list, the single user and the PATCH answer', async () => {
      const user = await createUser();
      const list = await admin.get('/api/users');
      const one = await admin.get(`/api/users/${user.id}`);
      const patched = await admin.patch(`/api/users/${user.id}`, { enabled: false });
      for (const res of [list, one, patched]) {
        expect(res.status).toBe(200);
        expect(res.text).not.toContain(user.apiKey.slice(3));
        expect(res.text).not.toContain(sha256(user.apiKey));
        expect(res.text).not.toMatch(/apiKey|keyHash/);
      }
      expect(one.body.keyPrefix).toBe(user.keyPrefix);
    });
  });

  describe('read', () => {
    it('lists users ordered by name', async () => {
      for (const name of ['charlie', 'alpha', 'bravo']) await createUser({ name });
      const res = await admin.get('/api/users');
      expect(res.status).toBe(200);
      expect((res.body as UserResponse[]).map((u) => u.name)).toEqual(['alpha', 'bravo', 'charlie']);
    });

    it('returns one user by id, 404 for an unknown id and 400 for a bad UUID', async () => {
      const user = await createUser();
      const { apiKey: _apiKey, ...expected } = user;
      expect((await admin.get(`/api/users/${user.id}`)).body).toEqual(expected);
      const missing = await admin.get(`/api/users/${randomUUID()}`);
      expect(missing.status).toBe(404);
      expect(missing.body.error).toBe('Not Found');
      expectBadRequest(await admin.get('/api/users/not-a-uuid'), 'id');
    });
  });

  describe('update', () => {
    it('changes only the fields sent and clears nullable ones with null', async () => {
      const user = await createUser({ rateLimitRpm: 60, budgetUsd: 5, expiresAt: '2030-01-01T00:00:00Z' });
      const res = await admin.patch(`/api/users/${user.id}`, {
        name: 'alice2',
        rateLimitRpm: null,
        budgetUsd: null,
        expiresAt: null,
        rateLimitTpm: 0,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: user.id,
        name: 'alice2',
        keyPrefix: user.keyPrefix,
        allowedModels: ['gpt-4o'],
        rateLimitRpm: null,
        rateLimitTpm: 0,
        budgetUsd: null,
        expiresAt: null,
        enabled: true,
        createdAt: user.createdAt,
      });
      // Compared in the database: two requests may share a millisecond, never a microsecond.
      const [bumped] = await t.dataSource.query('SELECT updated_at > created_at AS later FROM api_users');
      expect(bumped.later).toBe(true);
      expect((await admin.get(`/api/users/${user.id}`)).body).toEqual(res.body);
      const [row] = await rows();
      expect(row.key_hash).toBe(sha256(user.apiKey));
    });

    it('answers 200 to an empty PATCH, 404 for an unknown id, 400 for a bad UUID and for null on a required field', async () => {
      const user = await createUser();
      expect((await admin.patch(`/api/users/${user.id}`, {})).status).toBe(200);
      expect((await admin.patch(`/api/users/${randomUUID()}`, { enabled: false })).status).toBe(404);
      expectBadRequest(await admin.patch('/api/users/123', { enabled: false }), 'id');
      for (const field of ['name', 'allowedModels', 'budgetPeriod', 'enabled']) {
        expectBadRequest(await admin.patch(`/api/users/${user.id}`, { [field]: null }), field);
      }
    });
  });

  describe('delete', () => {
    it('answers 204 and the user is gone; 404 the second time', async () => {
      const user = await createUser();
      const res = await admin.delete(`/api/users/${user.id}`);
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect((await admin.get(`/api/users/${user.id}`)).status).toBe(404);
      expect(await rows()).toHaveLength(0);
      expect((await admin.delete(`/api/users/${user.id}`)).status).toBe(404);
      expectBadRequest(await admin.delete('/api/users/nope'), 'id');
    });
  });

  describe('rotate-key', () => {
    it('answers 200 with a new key and prefix and voids the old key', async () => {
      const user = await createUser();
      const res = await admin.post(`/api/users/${user.id}/rotate-key`);
      expect(res.status).toBe(200);
      const rotated = res.body as UserWithKeyResponse;
      expect(rotated.apiKey).toMatch(KEY_FORMAT);
      expect(rotated.apiKey).not.toBe(user.apiKey);
      expect(rotated.keyPrefix).toBe(rotated.apiKey.slice(0, 11));
      expect(rotated.keyPrefix).not.toBe(user.keyPrefix);
      expect(rotated).toMatchObject({ id: user.id, name: 'alice', allowedModels: ['gpt-4o'] });
      const [row] = await rows();
      expect(row.key_hash).toBe(sha256(rotated.apiKey));
      expect(row.key_prefix).toBe(rotated.keyPrefix);
      expect((await admin.get(`/api/users/${user.id}`)).body.keyPrefix).toBe(rotated.keyPrefix);
    });

    it('answers 404 for an unknown id and 400 for a bad UUID', async () => {
      expect((await admin.post(`/api/users/${randomUUID()}/rotate-key`)).status).toBe(404);
      expectBadRequest(await admin.post('/api/users/x/rotate-key'), 'id');
    });
  });

  describe('validation', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['an unknown field', { name: 'a', allowedModels: [], isAdmin: true }, 'isAdmin'],
      ['a missing name', { allowedModels: [] }, 'name'],
      ['an empty name', { name: '   ', allowedModels: [] }, 'name'],
      ['a name over 100 characters', { name: 'n'.repeat(101), allowedModels: [] }, 'name'],
      ['a missing allowedModels', { name: 'a' }, 'allowedModels'],
      ['allowedModels that is not an array', { name: 'a', allowedModels: 'gpt-4o' }, 'allowedModels'],
      ['an allowedModels entry with a space', { name: 'a', allowedModels: ['gpt 4o'] }, 'allowedModels'],
      ['an empty allowedModels entry', { name: 'a', allowedModels: [''] }, 'allowedModels'],
      ['an allowedModels entry that is not a string', { name: 'a', allowedModels: [42] }, 'allowedModels'],
      ['an allowedModels entry over 100 characters', { name: 'a', allowedModels: ['m'.repeat(101)] }, 'allowedModels'],
      ['a wildcard inside an alias name', { name: 'a', allowedModels: ['gpt-*'] }, 'allowedModels'],
      ['501 allowedModels entries', { name: 'a', allowedModels: Array.from({ length: 501 }, (_, i) => `m${i}`) }, 'allowedModels'],
      ['a negative rateLimitRpm', { name: 'a', allowedModels: [], rateLimitRpm: -1 }, 'rateLimitRpm'],
      ['a fractional rateLimitTpm', { name: 'a', allowedModels: [], rateLimitTpm: 1.5 }, 'rateLimitTpm'],
      ['a rateLimitRpm given as a string', { name: 'a', allowedModels: [], rateLimitRpm: '10' }, 'rateLimitRpm'],
      ['a rateLimitTpm beyond the integer column', { name: 'a', allowedModels: [], rateLimitTpm: 2 ** 31 }, 'rateLimitTpm'],
      ['a negative budgetUsd', { name: 'a', allowedModels: [], budgetUsd: -0.01 }, 'budgetUsd'],
      ['a budgetUsd beyond the numeric column', { name: 'a', allowedModels: [], budgetUsd: 1e9 }, 'budgetUsd'],
      ['a bad budgetPeriod', { name: 'a', allowedModels: [], budgetPeriod: 'week' }, 'budgetPeriod'],
      ['an expiresAt that is no date', { name: 'a', allowedModels: [], expiresAt: 'tomorrow' }, 'expiresAt'],
      ['an expiresAt that does not exist', { name: 'a', allowedModels: [], expiresAt: '2030-02-30' }, 'expiresAt'],
      ['an expiresAt given as a number', { name: 'a', allowedModels: [], expiresAt: 1893456000000 }, 'expiresAt'],
      ['a non-boolean enabled', { name: 'a', allowedModels: [], enabled: 'yes' }, 'enabled'],
    ];

    it.each(cases)('refuses %s with 400 naming the field and stores nothing', async (_label, body, field) => {
      expectBadRequest(await admin.post('/api/users', body), field);
      expect(await rows()).toHaveLength(0);
    });

    it.each(cases.filter(([, , field]) => field !== 'name' && field !== 'allowedModels'))(
      'PATCH refuses %s with 400',
      async (_label, body, field) => {
        const user = await createUser({ name: 'patched' });
        const { name: _name, allowedModels: _models, ...patch } = body;
        expectBadRequest(await admin.patch(`/api/users/${user.id}`, patch), field);
        expect((await admin.get(`/api/users/${user.id}`)).body).toMatchObject({
          name: 'patched',
          rateLimitRpm: null,
          budgetPeriod: 'month',
          enabled: true,
        });
      },
    );
  });

  describe('duplicates', () => {
    it('answers 409 naming the field for a duplicate name on create and on update', async () => {
      await createUser({ name: 'alice' });
      const bob = await createUser({ name: 'bob' });
      const created = await admin.post('/api/users', { name: 'alice', allowedModels: [] });
      expect(created.status).toBe(409);
      expect(created.body).toMatchObject({ statusCode: 409, error: 'Conflict', message: expect.stringContaining('name') });
      const patched = await admin.patch(`/api/users/${bob.id}`, { name: 'alice' });
      expect(patched.status).toBe(409);
      expect(patched.body.message).toContain('name');
      expect(await rows()).toHaveLength(2);
    });

    it('answers 409 (not 500) when two creates race for one name', async () => {
      const results = await Promise.all(Array.from({ length: 5 }, () => admin.post('/api/users', { name: 'racer', allowedModels: [] })));
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    });
  });

  describe('keys on /v1', () => {
    const models = (key: string) => request(t.server).get('/v1/models').set('Authorization', `Bearer ${key}`);

    it('take effect at once: a new key works, a rotated, disabled or deleted one stops', async () => {
      const user = await createUser();
      expect((await models(user.apiKey)).status).toBe(200);
      const rotated = (await admin.post(`/api/users/${user.id}/rotate-key`)).body as UserWithKeyResponse;
      expect((await models(user.apiKey)).status).toBe(401);
      expect((await models(rotated.apiKey)).status).toBe(200);
      await admin.patch(`/api/users/${user.id}`, { enabled: false }).expect(200);
      expect((await models(rotated.apiKey)).status).toBe(401);
      await admin.patch(`/api/users/${user.id}`, { enabled: true }).expect(200);
      expect((await models(rotated.apiKey)).status).toBe(200);
      await admin.delete(`/api/users/${user.id}`).expect(204);
      expect((await models(rotated.apiKey)).status).toBe(401);
    });
  });

  describe('access', () => {
    it('answers 401 to anonymous calls, even with a valid CSRF pair', async () => {
      const user = await createUser();
      const anon = request.agent(t.server);
      const list = await anon.get('/api/users');
      expect(list.status).toBe(401);
      const token = cookieValue(list, 'XSRF-TOKEN');
      expect(token).toBeDefined();
      expect((await anon.get(`/api/users/${user.id}`)).status).toBe(401);
      expect((await anon.post('/api/users').set('X-XSRF-TOKEN', token!).send({ name: 'x', allowedModels: [] })).status).toBe(401);
      expect((await anon.patch(`/api/users/${user.id}`).set('X-XSRF-TOKEN', token!).send({ enabled: false })).status).toBe(401);
      expect((await anon.post(`/api/users/${user.id}/rotate-key`).set('X-XSRF-TOKEN', token!)).status).toBe(401);
      expect((await anon.delete(`/api/users/${user.id}`).set('X-XSRF-TOKEN', token!)).status).toBe(401);
      const [row] = await rows();
      expect(row).toMatchObject({ enabled: true, key_hash: sha256(user.apiKey) });
    });

    it('answers 403 to mutating calls without the CSRF header and changes nothing', async () => {
      const user = await createUser();
      expect((await admin.agent.post('/api/users').send({ name: 'x', allowedModels: [] })).status).toBe(403);
      expect((await admin.agent.patch(`/api/users/${user.id}`).send({ enabled: false })).status).toBe(403);
      expect((await admin.agent.post(`/api/users/${user.id}/rotate-key`)).status).toBe(403);
      expect((await admin.agent.delete(`/api/users/${user.id}`)).status).toBe(403);
      const all = await rows();
      expect(all).toHaveLength(1);
      expect(all[0]).toMatchObject({ enabled: true, key_hash: sha256(user.apiKey) });
    });
  });
});
