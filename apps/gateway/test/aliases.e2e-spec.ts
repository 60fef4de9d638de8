import { AliasResponse, ApiResponse } from '@switchyard/contracts';
import request from 'supertest';
import { EntityManager } from 'typeorm';
import { AdminClient, startTestGateway, TestGateway } from './support/test-gateway';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('/api/aliases (e2e)', () => {
  let t: TestGateway;
  let admin: AdminClient;
  let alpha: ApiResponse;
  let beta: ApiResponse;
  let gamma: ApiResponse;

  const createApi = async (name: string): Promise<ApiResponse> => {
    const res = await admin.post('/api/apis', {
      name,
      provider: 'openai',
      baseUrl: 'http://127.0.0.1:9/v1',
      allowPrivateNetwork: true,
      apiKey: `sk-${name}-0123456789`,
      model: 'gpt-4o-mini',
    });
    expect(res.status).toBe(201);
    return res.body as ApiResponse;
  };

  const createAlias = async (body: object): Promise<AliasResponse> => {
    const res = await admin.post('/api/aliases', body);
    expect(res.status).toBe(201);
    return res.body as AliasResponse;
  };

  const targetRows = (aliasId: string): Promise<{ api_id: string }[]> =>
    t.dataSource.query('SELECT api_id FROM model_alias_targets WHERE alias_id = $1 ORDER BY api_id', [aliasId]);

  beforeAll(async () => {
    t = await startTestGateway();
    admin = await t.login();
  });

  afterAll(async () => {
    await t?.close();
  });

  beforeEach(async () => {
    await t.truncate('model_alias_targets', 'model_aliases', 'apis');
    // Created out of name order, so ordering by name is not an accident of insertion order.
    gamma = await createApi('gamma');
    alpha = await createApi('alpha');
    beta = await createApi('beta');
  });

  it('creates from one apiId with defaults (201)', async () => {
    const res = await admin.post('/api/aliases', { alias: 'gpt-4o-mini', apiId: alpha.id });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      alias: 'gpt-4o-mini',
      description: '',
      strategy: 'priority',
      enabled: true,
      targets: [{ apiId: alpha.id, apiName: 'alpha', weight: 1, priority: 0 }],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(await targetRows(res.body.id)).toEqual([{ api_id: alpha.id }]);
  });

  it('creates from targets, answering them by priority then API name', async () => {
    const alias = await createAlias({
      alias: 'team/chat:v2',
      description: 'spread load',
      strategy: 'weighted',
      enabled: false,
      targets: [{ apiId: beta.id, priority: 1 }, { apiId: gamma.id }, { apiId: alpha.id, priority: 1, weight: 5 }],
    });
    expect(alias).toMatchObject({ alias: 'team/chat:v2', description: 'spread load', strategy: 'weighted', enabled: false });
    expect(alias.targets).toEqual([
      { apiId: gamma.id, apiName: 'gamma', weight: 1, priority: 0 },
      { apiId: alpha.id, apiName: 'alpha', weight: 5, priority: 1 },
      { apiId: beta.id, apiName: 'beta', weight: 1, priority: 1 },
    ]);
    expect((await admin.get(`/api/aliases/${alias.id}`)).body).toEqual(alias);
  });

  it('lists by alias, each with its targets', async () => {
    await createAlias({ alias: 'zeta', apiId: beta.id });
    await createAlias({ alias: 'eta', targets: [{ apiId: alpha.id }, { apiId: gamma.id }] });
    const res = await admin.get('/api/aliases');
    expect(res.status).toBe(200);
    expect(res.body.map((a: AliasResponse) => [a.alias, a.targets.map((x) => x.apiName)])).toEqual([
      ['eta', ['alpha', 'gamma']],
      ['zeta', ['beta']],
    ]);
  });

  it('updates fields without touching targets, and replaces the whole target set when given', async () => {
    const alias = await createAlias({ alias: 'chat', targets: [{ apiId: alpha.id }, { apiId: beta.id, priority: 2 }] });
    const renamed = await admin.patch(`/api/aliases/${alias.id}`, { alias: 'chat-2', description: 'd', strategy: 'weighted' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ alias: 'chat-2', description: 'd', strategy: 'weighted', targets: alias.targets });

    const replaced = await admin.patch(`/api/aliases/${alias.id}`, { targets: [{ apiId: gamma.id, weight: 3 }, { apiId: beta.id }] });
    expect(replaced.status).toBe(200);
    expect(replaced.body.targets).toEqual([
      { apiId: beta.id, apiName: 'beta', weight: 1, priority: 0 },
      { apiId: gamma.id, apiName: 'gamma', weight: 3, priority: 0 },
    ]);
    expect(new Date(replaced.body.updatedAt).getTime()).toBeGreaterThan(new Date(alias.updatedAt).getTime());
    expect(await targetRows(alias.id)).toEqual([beta.id, gamma.id].sort().map((id) => ({ api_id: id })));

    const single = await admin.patch(`/api/aliases/${alias.id}`, { apiId: alpha.id, description: null });
    expect(single.status).toBe(200);
    expect(single.body).toMatchObject({ description: '', targets: [{ apiId: alpha.id, apiName: 'alpha', weight: 1, priority: 0 }] });
    expect(await targetRows(alias.id)).toEqual([{ api_id: alpha.id }]);
  });

  it('deletes (204) with its targets, then answers 404; its APIs can be deleted afterwards', async () => {
    const alias = await createAlias({ alias: 'chat', targets: [{ apiId: alpha.id }, { apiId: beta.id }] });
    expect((await admin.delete(`/api/apis/${alpha.id}`)).status).toBe(409);
    expect((await admin.delete(`/api/aliases/${alias.id}`)).status).toBe(204);
    expect((await admin.get(`/api/aliases/${alias.id}`)).status).toBe(404);
    expect(await targetRows(alias.id)).toEqual([]);
    expect((await admin.delete(`/api/apis/${alpha.id}`)).status).toBe(204);
  });

  describe('errors', () => {
    it.each([
      [{ alias: 'x', apiId: UNKNOWN_ID, extra: true }, 'property extra should not exist'],
      [{ alias: 'has space', apiId: UNKNOWN_ID }, 'alias may contain only letters, digits'],
      [{ alias: 'a'.repeat(101), apiId: UNKNOWN_ID }, 'alias must be shorter than or equal to 100 characters'],
      [{ apiId: UNKNOWN_ID }, 'alias must be a string'],
      [{ alias: 'x', strategy: 'random', apiId: UNKNOWN_ID }, 'strategy must be one of the following values: priority, weighted'],
      [{ alias: 'x', enabled: 'no', apiId: UNKNOWN_ID }, 'enabled must be a boolean value'],
      [{ alias: 'x', apiId: 'nope' }, 'apiId must be a UUID'],
      [{ alias: 'x', targets: [] }, 'targets must contain at least 1 elements'],
      [{ alias: 'x', targets: Array.from({ length: 21 }, () => ({ apiId: UNKNOWN_ID })) }, 'targets must contain no more than 20 elements'],
      [{ alias: 'x', targets: [{ apiId: 'nope' }] }, 'targets.0.apiId must be a UUID'],
      [{ alias: 'x', targets: [{ apiId: UNKNOWN_ID, weight: 0 }] }, 'targets.0.weight must not be less than 1'],
      [{ alias: 'x', targets: [{ apiId: UNKNOWN_ID, priority: 1.5 }] }, 'targets.0.priority must be an integer number'],
      [{ alias: 'x', targets: [{ apiId: UNKNOWN_ID, extra: 1 }] }, 'targets.0.property extra should not exist'],
    ])('POST %j → 400 naming the field', async (body, message) => {
      const res = await admin.post('/api/aliases', body);
      expect(res.status).toBe(400);
      expect(res.body.message).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
    });

    it('answers 400 to both apiId and targets, to neither, and to the same API twice', async () => {
      const both = await admin.post('/api/aliases', { alias: 'x', apiId: alpha.id, targets: [{ apiId: beta.id }] });
      expect(both.status).toBe(400);
      expect(both.body.message).toBe('give either apiId (one target) or targets, not both');
      const neither = await admin.post('/api/aliases', { alias: 'x' });
      expect(neither.status).toBe(400);
      expect(neither.body.message).toMatch(/apiId or targets is required/);
      const twice = await admin.post('/api/aliases', { alias: 'x', targets: [{ apiId: alpha.id }, { apiId: alpha.id.toUpperCase() }] });
      expect(twice.status).toBe(400);
      expect(twice.body.message).toEqual(['targets must not name the same apiId twice']);
      expect(await t.dataSource.query('SELECT id FROM model_aliases')).toEqual([]);
    });

    it('answers 400 naming the field when an API does not exist, on create and update, and changes nothing', async () => {
      const viaApiId = await admin.post('/api/aliases', { alias: 'x', apiId: UNKNOWN_ID });
      expect(viaApiId.status).toBe(400);
      expect(viaApiId.body.message).toBe(`apiId: API ${UNKNOWN_ID} does not exist`);
      const viaTargets = await admin.post('/api/aliases', { alias: 'x', targets: [{ apiId: alpha.id }, { apiId: UNKNOWN_ID }] });
      expect(viaTargets.status).toBe(400);
      expect(viaTargets.body.message).toBe(`targets.1.apiId: API ${UNKNOWN_ID} does not exist`);
      expect(await t.dataSource.query('SELECT id FROM model_aliases')).toEqual([]);

      const alias = await createAlias({ alias: 'chat', apiId: alpha.id });
      const update = await admin.patch(`/api/aliases/${alias.id}`, { description: 'new', targets: [{ apiId: UNKNOWN_ID }] });
      expect(update.status).toBe(400);
      expect(update.body.message).toBe(`targets.0.apiId: API ${UNKNOWN_ID} does not exist`);
      expect((await admin.get(`/api/aliases/${alias.id}`)).body).toEqual(alias);
    });

    it('PATCH validates too: both forms, empty targets, null fields', async () => {
      const alias = await createAlias({ alias: 'chat', apiId: alpha.id });
      for (const [patch, message] of [
        [{ apiId: beta.id, targets: [{ apiId: gamma.id }] }, 'give either apiId (one target) or targets, not both'],
        [{ targets: [] }, 'targets must contain at least 1 elements'],
        [{ alias: null }, 'alias must be a string'],
        [{ strategy: null }, 'strategy must be one of the following values'],
      ] as const) {
        const res = await admin.patch(`/api/aliases/${alias.id}`, patch);
        expect(res.status).toBe(400);
        expect([res.body.message].flat().join('\n')).toContain(message);
      }
      expect((await admin.get(`/api/aliases/${alias.id}`)).body).toEqual(alias);
    });

    it('answers 409 naming the alias on create and rename', async () => {
      const chat = await createAlias({ alias: 'chat', apiId: alpha.id });
      const dup = await admin.post('/api/aliases', { alias: 'chat', apiId: beta.id });
      expect(dup.status).toBe(409);
      expect(dup.body).toEqual({ statusCode: 409, error: 'Conflict', message: 'alias "chat" already exists' });
      const other = await createAlias({ alias: 'other', apiId: beta.id });
      const rename = await admin.patch(`/api/aliases/${other.id}`, { alias: 'chat' });
      expect(rename.status).toBe(409);
      expect(rename.body.message).toBe('alias "chat" already exists');
      expect((await admin.patch(`/api/aliases/${chat.id}`, { alias: 'chat' })).status).toBe(200);
    });

    it('answers 409 from the unique constraint when a concurrent insert wins after the pre-check', async () => {
      await createAlias({ alias: 'chat', apiId: alpha.id });
      // Make the pre-check miss, as it does when the other insert commits just after it.
      const spy = jest.spyOn(EntityManager.prototype, 'existsBy').mockResolvedValue(false);
      try {
        const res = await admin.post('/api/aliases', { alias: 'chat', apiId: beta.id });
        expect(res.status).toBe(409);
        expect(res.body.message).toBe('alias "chat" already exists');
        expect(spy).toHaveBeenCalled();
      } finally {
        spy.mockRestore();
      }
    });

    it('answers 404 for an unknown id and 400 naming `id` for a malformed one', async () => {
      for (const res of [
        await admin.get(`/api/aliases/${UNKNOWN_ID}`),
        await admin.patch(`/api/aliases/${UNKNOWN_ID}`, { description: 'x' }),
        await admin.patch(`/api/aliases/${UNKNOWN_ID}`, { apiId: alpha.id }),
        await admin.delete(`/api/aliases/${UNKNOWN_ID}`),
      ]) {
        expect(res.status).toBe(404);
        expect(res.body.message).toBe(`alias ${UNKNOWN_ID} not found`);
      }
      for (const res of [
        await admin.get('/api/aliases/nope'),
        await admin.patch('/api/aliases/1', {}),
        await admin.delete('/api/aliases/x'),
      ]) {
        expect(res.status).toBe(400);
        expect(res.body.message).toBe('id must be a UUID');
      }
    });

    it('answers 401 without a session and 403 to writes without the CSRF header', async () => {
      const alias = await createAlias({ alias: 'chat', apiId: alpha.id });
      expect((await request(t.server).get('/api/aliases')).status).toBe(401);
      expect((await request(t.server).get(`/api/aliases/${alias.id}`)).status).toBe(401);
      expect((await admin.agent.post('/api/aliases').send({ alias: 'other', apiId: alpha.id })).status).toBe(403);
      expect((await admin.agent.patch(`/api/aliases/${alias.id}`).send({ description: 'x' })).status).toBe(403);
      expect((await admin.agent.delete(`/api/aliases/${alias.id}`)).status).toBe(403);
      expect((await admin.get('/api/aliases')).body).toEqual([alias]);
    });
  });
});
