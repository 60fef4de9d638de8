import { ApiResponse } from '@switchyard/contracts';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { EntityManager, Repository } from 'typeorm';
import { SecretBox } from '../src/core/secret-box';
import { AdminClient, cookieValue, startTestGateway, TestGateway } from './support/test-gateway';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** A key unlikely to appear anywhere by chance, so "not in the body" means something. */
function newKey(): string {
  return `sk-test-${randomBytes(16).toString('hex')}`;
}

describe('/api/apis (e2e)', () => {
  let t: TestGateway;
  let admin: AdminClient;
  let key: string;

  const body = (over: Record<string, unknown> = {}) => ({
    name: 'openai-main',
    provider: 'openai',
    baseUrl: 'https://api.example.com/v1',
    apiKey: key,
    model: 'gpt-4o-mini',
    ...over,
  });

  const create = async (over: Record<string, unknown> = {}): Promise<ApiResponse> => {
    const res = await admin.post('/api/apis', body(over));
    expect(res.status).toBe(201);
    return res.body as ApiResponse;
  };

  beforeAll(async () => {
    t = await startTestGateway();
    admin = await t.login();
  });

  afterAll(async () => {
    await t?.close();
  });

  beforeEach(async () => {
    await t.truncate('model_alias_targets', 'model_aliases', 'apis');
    key = newKey();
  });

  describe('CRUD', () => {
    it('creates with defaults (201), strips a trailing slash and answers only a hint of the key', async () => {
      const res = await admin.post('/api/apis', body({ baseUrl: 'https://api.example.com/v1/' }));
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'openai-main',
        provider: 'openai',
        baseUrl: 'https://api.example.com/v1',
        apiKeyHint: `…${key.slice(-4)}`,
        model: 'gpt-4o-mini',
        apiVersion: null,
        timeoutMs: 300000,
        extraHeaders: {},
        inputPricePerMTok: 0,
        outputPricePerMTok: 0,
        enabled: true,
        allowPrivateNetwork: false,
        health: { state: 'closed', since: null, consecutiveFailures: 0, reason: null, history: [] },
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
    });

    it('lists by name, gets one, and never returns the key (nor its ciphertext) anywhere', async () => {
      const b = await create({ name: 'beta', extraHeaders: { 'OpenAI-Organization': 'org-1' }, inputPricePerMTok: 0.15, timeoutMs: 60000 });
      const a = await create({ name: 'alpha', apiKey: newKey(), allowPrivateNetwork: true, enabled: false });
      const list = await admin.get('/api/apis');
      expect(list.status).toBe(200);
      expect(list.body.map((x: ApiResponse) => x.name)).toEqual(['alpha', 'beta']);
      const one = await admin.get(`/api/apis/${b.id}`);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({
        name: 'beta',
        extraHeaders: { 'OpenAI-Organization': 'org-1' },
        inputPricePerMTok: 0.15,
        timeoutMs: 60000,
      });
      const patched = await admin.patch(`/api/apis/${b.id}`, { model: 'gpt-4o' });
      expect(patched.status).toBe(200);
      expect(a).toMatchObject({ allowPrivateNetwork: true, enabled: false });
      const [row] = await t.dataSource.query('SELECT api_key_encrypted FROM apis WHERE id = $1', [b.id]);
      for (const res of [list, one, patched]) {
        expect(JSON.stringify(res.body)).not.toContain(key);
        expect(JSON.stringify(res.body)).not.toContain(row.api_key_encrypted);
        expect(JSON.stringify(res.body)).not.toMatch(/apiKey"|apiKeyEncrypted/);
      }
    });

    it('hints nothing of a short key (four characters would be half of it)', async () => {
      expect((await create({ apiKey: 'abc1234' })).apiKeyHint).toBe('…');
    });

    it('stores the key only encrypted (AES-GCM under SECRET_KEY)', async () => {
      const api = await create();
      const rows: Record<string, unknown>[] = await t.dataSource.query('SELECT * FROM apis');
      expect(rows).toHaveLength(1);
      for (const value of Object.values(rows[0])) expect(JSON.stringify(value) ?? '').not.toContain(key);
      expect(rows[0].api_key_encrypted).toMatch(/^v1:/);
      expect(t.app.get(SecretBox).decrypt(rows[0].api_key_encrypted as string)).toBe(key);
      expect(rows[0].api_key_hint).toBe(api.apiKeyHint);
    });

    it('updates any subset (200); a new apiKey is re-encrypted, other fields leave the stored key alone', async () => {
      const api = await create();
      const before = (await t.dataSource.query('SELECT api_key_encrypted FROM apis'))[0].api_key_encrypted;
      const res = await admin.patch(`/api/apis/${api.id}`, {
        name: 'renamed',
        extraHeaders: { 'X-Team': 'core' },
        outputPricePerMTok: 0.6,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        name: 'renamed',
        model: 'gpt-4o-mini',
        extraHeaders: { 'X-Team': 'core' },
        outputPricePerMTok: 0.6,
      });
      expect((await t.dataSource.query('SELECT api_key_encrypted FROM apis'))[0].api_key_encrypted).toBe(before);

      const newer = newKey();
      const rotated = await admin.patch(`/api/apis/${api.id}`, { apiKey: newer });
      expect(rotated.status).toBe(200);
      expect(rotated.body.apiKeyHint).toBe(`…${newer.slice(-4)}`);
      expect(JSON.stringify(rotated.body)).not.toContain(newer);
      const after = (await t.dataSource.query('SELECT api_key_encrypted FROM apis'))[0].api_key_encrypted;
      expect(t.app.get(SecretBox).decrypt(after)).toBe(newer);
    });

    it('deletes (204), then answers 404', async () => {
      const api = await create();
      expect((await admin.delete(`/api/apis/${api.id}`)).status).toBe(204);
      expect((await admin.get(`/api/apis/${api.id}`)).status).toBe(404);
      expect(await t.dataSource.query('SELECT id FROM apis')).toHaveLength(0);
    });

    it('refuses to delete an API that aliases route to (409 naming them), and allows it once they are gone', async () => {
      const api = await create();
      expect((await admin.post('/api/aliases', { alias: 'chat-x', apiId: api.id })).status).toBe(201);
      expect((await admin.post('/api/aliases', { alias: 'chat-a', targets: [{ apiId: api.id }] })).status).toBe(201);
      const res = await admin.delete(`/api/apis/${api.id}`);
      expect(res.status).toBe(409);
      expect(res.body.message).toContain('"chat-a", "chat-x"');
      expect((await admin.get(`/api/apis/${api.id}`)).status).toBe(200);
      await t.truncate('model_alias_targets', 'model_aliases');
      expect((await admin.delete(`/api/apis/${api.id}`)).status).toBe(204);
    });

    it('maps the foreign-key refusal to the same 409 when an alias starts using the API after the check', async () => {
      const api = await create();
      expect((await admin.post('/api/aliases', { alias: 'late', apiId: api.id })).status).toBe(201);
      // The pre-check sees no alias, as it would if the alias were created just after it.
      const spy = jest.spyOn(Repository.prototype, 'find').mockResolvedValueOnce([]);
      try {
        const res = await admin.delete(`/api/apis/${api.id}`);
        expect(res.status).toBe(409);
        expect(res.body.message).toBe('API "openai-main" is used by alias "late"; remove it from it first');
        expect(spy).toHaveBeenCalled();
      } finally {
        spy.mockRestore();
      }
    });
  });

  describe('errors', () => {
    it.each([
      [{ extra: 1 }, 'property extra should not exist'],
      [{ name: '' }, 'name must be longer than or equal to 1 characters'],
      [{ name: 'n'.repeat(101) }, 'name must be shorter than or equal to 100 characters'],
      [{ provider: 'nope' }, 'provider must be one of the following values: anthropic, azure-openai, openai'],
      [{ baseUrl: 'not a url' }, 'baseUrl must be an http(s) URL'],
      [{ baseUrl: 'ftp://example.com/v1' }, 'baseUrl must be an http(s) URL'],
      [{ baseUrl: 'https://user:pw@example.com/v1' }, 'baseUrl must be an http(s) URL'],
      [{ baseUrl: 'https://example.com/v1?x=1' }, 'baseUrl must be an http(s) URL'],
      [{ apiKey: undefined }, 'apiKey must be a string'],
      [{ apiKey: 'sk abc' }, 'apiKey must consist of visible ASCII characters only'],
      [{ model: 'm'.repeat(201) }, 'model must be shorter than or equal to 200 characters'],
      [{ timeoutMs: 999 }, 'timeoutMs must not be less than 1000'],
      [{ timeoutMs: 3600001 }, 'timeoutMs must not be greater than 3600000'],
      [{ timeoutMs: 1500.5 }, 'timeoutMs must be an integer number'],
      [{ timeoutMs: null }, 'timeoutMs must be an integer number'],
      [{ extraHeaders: { Authorization: 'Bearer other' } }, 'extraHeaders.Authorization is not allowed'],
      [{ extraHeaders: { host: 'evil.example' } }, 'extraHeaders.host is not allowed'],
      [{ extraHeaders: { 'Content-Length': '1' } }, 'extraHeaders.Content-Length is not allowed'],
      [{ extraHeaders: { 'bad header': 'x' } }, 'extraHeaders: "bad header" is not a valid HTTP header name'],
      [{ extraHeaders: { 'X-Num': 1 } }, 'extraHeaders.X-Num must be a string'],
      [{ extraHeaders: { 'X-Evil': 'a\r\nHost: b' } }, 'extraHeaders.X-Evil must not contain control characters'],
      [{ extraHeaders: ['X-A'] }, 'extraHeaders must be an object'],
      [{ inputPricePerMTok: -1 }, 'inputPricePerMTok must not be less than 0'],
      [{ outputPricePerMTok: 'free' }, 'outputPricePerMTok must be a number'],
      [{ enabled: 'yes' }, 'enabled must be a boolean value'],
    ])('POST %j → 400 naming the field', async (over, message) => {
      const res = await admin.post('/api/apis', body(over));
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('Bad Request');
      expect(res.body.message).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
      expect(JSON.stringify(res.body)).not.toContain(key);
      expect(await t.dataSource.query('SELECT id FROM apis')).toHaveLength(0);
    });

    it('accepts local and private base URLs when the API allows private networks (see security-ssrf.e2e-spec.ts)', async () => {
      const local = { allowPrivateNetwork: true };
      expect((await admin.post('/api/apis', body({ name: 'a', baseUrl: 'http://127.0.0.1:1234/v1', ...local }))).status).toBe(201);
      expect((await admin.post('/api/apis', body({ name: 'b', baseUrl: 'http://localhost:8080/v1', ...local }))).status).toBe(201);
    });

    it('PATCH validates too, and null is not "leave unchanged"', async () => {
      const api = await create();
      for (const [patch, message] of [
        [{ name: null }, 'name must be a string'],
        [{ baseUrl: 'nope' }, 'baseUrl must be an http(s) URL'],
        [{ extraHeaders: { Connection: 'close' } }, 'extraHeaders.Connection is not allowed'],
        [{ id: UNKNOWN_ID }, 'property id should not exist'],
      ] as const) {
        const res = await admin.patch(`/api/apis/${api.id}`, patch);
        expect(res.status).toBe(400);
        expect(res.body.message).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
      }
      expect((await admin.get(`/api/apis/${api.id}`)).body).toEqual(api);
    });

    it('answers 409 naming the taken name, on create, rename and concurrent creates', async () => {
      const api = await create();
      const dup = await admin.post('/api/apis', body());
      expect(dup.status).toBe(409);
      expect(dup.body).toEqual({ statusCode: 409, error: 'Conflict', message: expect.stringContaining('name "openai-main"') });
      const other = await create({ name: 'other' });
      const rename = await admin.patch(`/api/apis/${other.id}`, { name: api.name });
      expect(rename.status).toBe(409);
      const racing = await Promise.all([1, 2, 3].map(() => admin.post('/api/apis', body({ name: 'racer' }))));
      expect(racing.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    });

    it('answers 409 from the unique constraint when a concurrent insert wins after the pre-check', async () => {
      await create();
      // Make the pre-check miss, as it does when the other insert commits just after it.
      const spy = jest.spyOn(EntityManager.prototype, 'existsBy').mockResolvedValue(false);
      try {
        const res = await admin.post('/api/apis', body());
        expect(res.status).toBe(409);
        expect(res.body.message).toBe('name "openai-main" is already used by another API');
        expect(spy).toHaveBeenCalled();
      } finally {
        spy.mockRestore();
      }
    });

    it('answers 404 for an unknown id and 400 naming `id` for a malformed one', async () => {
      for (const res of [
        await admin.get(`/api/apis/${UNKNOWN_ID}`),
        await admin.patch(`/api/apis/${UNKNOWN_ID}`, { model: 'x' }),
        await admin.delete(`/api/apis/${UNKNOWN_ID}`),
      ]) {
        expect(res.status).toBe(404);
        expect(res.body.message).toContain(UNKNOWN_ID);
      }
      for (const res of [await admin.get('/api/apis/nope'), await admin.patch('/api/apis/1', {}), await admin.delete('/api/apis/x')]) {
        expect(res.status).toBe(400);
        expect(res.body.message).toBe('id must be a UUID');
      }
    });

    it('answers 401 without a session (reads and writes) and 403 to a write without the CSRF header', async () => {
      const api = await create();
      expect((await request(t.server).get('/api/apis')).status).toBe(401);
      expect((await request(t.server).get(`/api/apis/${api.id}`)).status).toBe(401);
      // Anonymous but with a valid CSRF pair: the session guard, not CSRF, refuses it.
      const anon = request.agent(t.server);
      const token = cookieValue(await anon.get('/api/auth/me'), 'XSRF-TOKEN')!;
      expect(
        (
          await anon
            .post('/api/apis')
            .set('X-XSRF-TOKEN', token)
            .send(body({ name: 'anon' }))
        ).status,
      ).toBe(401);
      expect((await anon.delete(`/api/apis/${api.id}`).set('X-XSRF-TOKEN', token)).status).toBe(401);
      expect((await admin.agent.post('/api/apis').send(body({ name: 'no-csrf' }))).status).toBe(403);
      expect((await admin.agent.patch(`/api/apis/${api.id}`).send({ model: 'x' })).status).toBe(403);
      expect((await admin.agent.delete(`/api/apis/${api.id}`)).status).toBe(403);
      expect((await admin.get('/api/apis')).body).toEqual([api]);
    });
  });
});
