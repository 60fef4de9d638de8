import { ApiResponse } from '@switchyard/contracts';
import { FakeUpstream } from '@switchyard/testing';
import { randomBytes } from 'node:crypto';
import * as net from 'node:net';
import request from 'supertest';
import { AdminClient, cookieValue, startTestGateway, TestGateway } from './support/test-gateway';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('POST /api/apis/:id/test (e2e, fake upstream)', () => {
  let t: TestGateway;
  let admin: AdminClient;
  let upstream: FakeUpstream;
  let key: string;

  const create = async (over: Record<string, unknown> = {}): Promise<ApiResponse> => {
    const res = await admin.post('/api/apis', {
      name: 'fake',
      provider: 'openai',
      baseUrl: `${upstream.url}/v1`,
      apiKey: key,
      model: 'gpt-4o-mini',
      allowPrivateNetwork: true,
      ...over,
    });
    expect(res.status).toBe(201);
    return res.body as ApiResponse;
  };

  beforeAll(async () => {
    t = await startTestGateway();
    upstream = await FakeUpstream.start();
    admin = await t.login();
  });

  afterAll(async () => {
    await upstream?.close();
    await t?.close();
  });

  beforeEach(async () => {
    await t.truncate('model_alias_targets', 'model_aliases', 'apis');
    upstream.reset();
    key = `sk-test-${randomBytes(16).toString('hex')}`;
  });

  it('lists the models with the stored key and extra headers', async () => {
    const api = await create({ extraHeaders: { 'OpenAI-Organization': 'org-acme', 'X-Team': 'core' } });
    const res = await admin.post(`/api/apis/${api.id}/test`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: true,
      status: 200,
      latencyMs: expect.any(Number),
      models: expect.arrayContaining(['gpt-4o-mini', 'gpt-4o']),
      modelFound: true,
      error: null,
    });
    expect(upstream.requests).toHaveLength(1);
    const [sent] = upstream.requests;
    expect(sent).toMatchObject({ method: 'GET', path: '/v1/models' });
    expect(sent.headers.authorization).toBe(`Bearer ${key}`);
    expect(sent.headers['openai-organization']).toBe('org-acme');
    expect(sent.headers['x-team']).toBe('core');
    expect(JSON.stringify(res.body)).not.toContain(key);
  });

  it('reports a configured model the upstream does not list', async () => {
    const api = await create({ model: 'gpt-99' });
    const res = await admin.post(`/api/apis/${api.id}/test`);
    expect(res.body).toMatchObject({ ok: true, status: 200, modelFound: false });
    expect(res.body.models).not.toContain('gpt-99');
  });

  it('uses a rotated key', async () => {
    const api = await create();
    const rotated = `sk-rotated-${randomBytes(8).toString('hex')}`;
    expect((await admin.patch(`/api/apis/${api.id}`, { apiKey: rotated })).status).toBe(200);
    await admin.post(`/api/apis/${api.id}/test`);
    expect(upstream.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${rotated}`]);
  });

  it('reports an upstream refusal with its status and message, without the key', async () => {
    const api = await create();
    upstream.setBehavior({ kind: 'error', status: 401 });
    const res = await admin.post(`/api/apis/${api.id}/test`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: false,
      status: 401,
      latencyMs: expect.any(Number),
      models: [],
      modelFound: null,
      error: 'upstream answered 401: Incorrect API key provided (fake upstream).',
    });
    // Real upstreams echo (part of) the key they refused: it must not reach the admin.
    upstream.setBehavior({ kind: 'error', status: 401, body: { error: { message: `Incorrect API key provided: ${key}.` } } });
    const echoed = await admin.post(`/api/apis/${api.id}/test`);
    expect(echoed.body.error).toBe('upstream answered 401: Incorrect API key provided: ***.');
    expect(JSON.stringify(echoed.body)).not.toContain(key);
  });

  it('reports a 200 that is not a model list (a base URL pointing at some other service)', async () => {
    const api = await create();
    upstream.setBehavior({ kind: 'error', status: 200, body: '<html>welcome</html>' });
    const res = await admin.post(`/api/apis/${api.id}/test`);
    expect(res.body).toMatchObject({ ok: false, status: 200, modelFound: null, error: 'upstream answered 200 but not with a model list' });
  });

  it('reports an upstream path that does not exist', async () => {
    const api = await create({ baseUrl: `${upstream.url}/v2` });
    const res = await admin.post(`/api/apis/${api.id}/test`);
    expect(res.body).toMatchObject({ ok: false, status: 404, error: 'upstream answered 404: Invalid URL (GET /v2/models)' });
  });

  it('lists an azure-openai API’s models at /openai/models with api-version and api-key, the deployment matched loosely', async () => {
    const api = await create({ provider: 'azure-openai', baseUrl: upstream.url, model: 'prod-deploy', apiVersion: '2025-01-01-preview' });
    const res = await admin.post(`/api/apis/${api.id}/test`);
    expect(res.status).toBe(200);
    // Azure lists models, not deployments: an unlisted deployment is "unknown", not "missing".
    expect(res.body).toMatchObject({
      ok: true,
      status: 200,
      models: expect.arrayContaining(['gpt-4o-mini']),
      modelFound: null,
      error: null,
    });
    expect(upstream.requests).toHaveLength(1);
    const [sent] = upstream.requests;
    expect(sent).toMatchObject({ method: 'GET', path: '/openai/models', url: '/openai/models?api-version=2025-01-01-preview' });
    expect(sent.headers['api-key']).toBe(key);
    expect(sent.headers.authorization).toBeUndefined();

    // A deployment named after its model is found.
    const named = await create({ name: 'named', provider: 'azure-openai', baseUrl: upstream.url, model: 'gpt-4o' });
    expect((await admin.post(`/api/apis/${named.id}/test`)).body).toMatchObject({ ok: true, modelFound: true });
    expect(upstream.requests[1].url).toMatch(/^\/openai\/models\?api-version=\d{4}-\d{2}-\d{2}$/);
  });

  it('lists an anthropic API’s models at /v1/models with x-api-key and anthropic-version, no Authorization', async () => {
    const api = await create({ provider: 'anthropic', baseUrl: upstream.url, model: 'gpt-4o', extraHeaders: { 'anthropic-beta': 'b1' } });
    const res = await admin.post(`/api/apis/${api.id}/test`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, status: 200, modelFound: true, error: null });
    const [sent] = upstream.requests;
    expect(sent).toMatchObject({ method: 'GET', path: '/v1/models' });
    expect(sent.headers).toMatchObject({ 'x-api-key': key, 'anthropic-version': '2023-06-01', 'anthropic-beta': 'b1' });
    expect(sent.headers.authorization).toBeUndefined();

    const missing = await create({
      name: 'claude-x',
      provider: 'anthropic',
      baseUrl: upstream.url,
      model: 'claude-x',
      apiVersion: '2024-01-01',
    });
    expect((await admin.post(`/api/apis/${missing.id}/test`)).body).toMatchObject({ ok: true, modelFound: false });
    expect(upstream.requests[1].headers['anthropic-version']).toBe('2024-01-01');
  });

  it('redacts the key from an anthropic refusal', async () => {
    const api = await create({ provider: 'anthropic', baseUrl: upstream.url });
    upstream.setBehavior({
      kind: 'error',
      status: 401,
      body: { type: 'error', error: { type: 'authentication_error', message: `invalid x-api-key ${key}` } },
    });
    const res = await admin.post(`/api/apis/${api.id}/test`);
    expect(res.body).toMatchObject({ ok: false, status: 401, error: 'upstream answered 401: invalid x-api-key ***' });
  });

  it('reports "connection refused" when nothing listens', async () => {
    const api = await create({ baseUrl: `http://127.0.0.1:${await closedPort()}/v1` });
    const res = await admin.post(`/api/apis/${api.id}/test`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: false, status: null, models: [], modelFound: null, error: 'connection refused' });
  });

  it('gives up after the API timeout when the upstream does not answer', async () => {
    const api = await create({ timeoutMs: 1000 });
    upstream.setBehavior({ kind: 'stall' });
    const res = await admin.post(`/api/apis/${api.id}/test`);
    expect(res.body).toMatchObject({ ok: false, status: null, error: 'no answer within 1000 ms' });
    expect(res.body.latencyMs).toBeGreaterThanOrEqual(900);
    expect(res.body.latencyMs).toBeLessThan(5000);
  });

  it('answers 404/400 for unknown or malformed ids, 401 without a session, 403 without the CSRF header', async () => {
    const api = await create();
    expect((await admin.post(`/api/apis/${UNKNOWN_ID}/test`)).status).toBe(404);
    const malformed = await admin.post('/api/apis/x/test');
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toBe('id must be a UUID');
    const anon = request.agent(t.server);
    const token = cookieValue(await anon.get('/api/auth/me'), 'XSRF-TOKEN')!;
    expect((await anon.post(`/api/apis/${api.id}/test`).set('X-XSRF-TOKEN', token)).status).toBe(401);
    expect((await admin.agent.post(`/api/apis/${api.id}/test`)).status).toBe(403);
    expect(upstream.requests).toHaveLength(0);
  });
});
