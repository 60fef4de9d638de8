import OpenAI from 'openai';
import { errorJson, eventually, ProxyFixture, startProxyFixture } from './support/proxy-fixture';

const chatBody = (model = 'chat') => JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] });

describe('/v1 key auth, permissions, limits and request errors (e2e)', () => {
  let f: ProxyFixture;

  beforeAll(async () => {
    f = await startProxyFixture();
  });

  afterAll(async () => {
    await f.close();
  });

  beforeEach(() => f.fake.reset());

  async function post(headers: Record<string, string>, body: string, path = '/v1/chat/completions') {
    const res = await fetch(`${f.t.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { res, body: await errorJson(res) };
  }

  it.each([
    ['no key', {}],
    ['an unknown key', { authorization: 'Bearer sk-not-a-real-key' }],
    ['a malformed authorization header', { authorization: 'Basic abc' }],
  ])('answers 401 with WWW-Authenticate for %s and never calls the upstream', async (_name, headers) => {
    const { res, body } = await post(headers, chatBody());
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(body.error.type).toBe('invalid_request_error');
    expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
    expect(f.fake.requests).toHaveLength(0);
    const rows = await f.logRows();
    expect(rows[rows.length - 1]).toMatchObject({ status_code: 401, user_id: null });
  });

  it('accepts the key in x-api-key too', async () => {
    const { res } = await post({ 'x-api-key': f.apiKey }, chatBody());
    expect(res.status).toBe(200);
  });

  it('answers 401 for a disabled key and an expired key — an admin change applies to the very next request', async () => {
    const created = await f.admin.post('/api/users', { name: 'short-lived', allowedModels: ['*'] });
    const key = created.body.apiKey as string;
    expect((await post({ authorization: `Bearer ${key}` }, chatBody())).res.status).toBe(200);

    await f.admin.patch(`/api/users/${created.body.id}`, { enabled: false });
    const disabled = await post({ authorization: `Bearer ${key}` }, chatBody());
    expect(disabled.res.status).toBe(401);
    expect(disabled.body.error.message).toMatch(/disabled/);

    await f.admin.patch(`/api/users/${created.body.id}`, { enabled: true, expiresAt: new Date(Date.now() - 1000).toISOString() });
    const expired = await post({ authorization: `Bearer ${key}` }, chatBody());
    expect(expired.res.status).toBe(401);
    expect(expired.body.error.code).toBe('expired_api_key');
  });

  it('answers 404 model_not_found for an unknown alias and 403 for an alias the key may not use', async () => {
    const unknown = await post({ authorization: `Bearer ${f.apiKey}` }, chatBody('no-such-alias'));
    expect(unknown.res.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'model_not_found', param: 'model' });

    await f.admin.post('/api/aliases', { alias: 'restricted', apiId: f.apiId });
    const forbidden = await post({ authorization: `Bearer ${f.apiKey}` }, chatBody('restricted'));
    expect(forbidden.res.status).toBe(403);
    expect(forbidden.body.error.code).toBe('model_not_allowed');
    expect(f.fake.requests).toHaveLength(0);
    const rows = await f.logRows();
    expect(rows.slice(-2).map((r) => [r.status_code, r.model])).toEqual([
      [404, 'no-such-alias'],
      [403, 'restricted'],
    ]);
  });

  it('refuses malformed JSON with 400 and a body over maxRequestBodyMb with 413, in OpenAI error shape', async () => {
    const bad = await post({ authorization: `Bearer ${f.apiKey}` }, '{"model": "chat", ');
    expect(bad.res.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_json');

    expect((await f.admin.put('/api/config/maxRequestBodyMb', { value: 1 })).status).toBe(200);
    try {
      const big = JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'x'.repeat(1024 * 1024 + 10) }] });
      const tooLarge = await post({ authorization: `Bearer ${f.apiKey}` }, big);
      expect(tooLarge.res.status).toBe(413);
      expect(tooLarge.body.error.type).toBe('invalid_request_error');
    } finally {
      await f.admin.put('/api/config/maxRequestBodyMb', { value: 20 });
    }
    expect(f.fake.requests).toHaveLength(0);
  });

  it('answers unknown /v1 routes with an OpenAI-shaped 404, never HTML', async () => {
    const res = await fetch(`${f.t.url}/v1/nope`, { headers: { authorization: `Bearer ${f.apiKey}` } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/json/);
    expect((await errorJson(res)).error.code).toBe('unknown_url');
  });

  it('enforces rateLimitRpm with 429, Retry-After and x-ratelimit headers', async () => {
    const created = await f.admin.post('/api/users', { name: 'limited', allowedModels: ['chat'], rateLimitRpm: 2 });
    const auth = { authorization: `Bearer ${created.body.apiKey}` };
    const first = await post(auth, chatBody());
    expect(first.res.status).toBe(200);
    expect(first.res.headers.get('x-ratelimit-limit-requests')).toBe('2');
    expect(first.res.headers.get('x-ratelimit-remaining-requests')).toBe('1');
    expect((await post(auth, chatBody())).res.status).toBe(200);
    const third = await post(auth, chatBody());
    expect(third.res.status).toBe(429);
    expect(Number(third.res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(third.res.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(third.body.error.code).toBe('rate_limit_exceeded');
    expect(f.fake.requests).toHaveLength(2);
  });

  it('uses the defaultRateLimitRpm setting for users without their own limit, live', async () => {
    const created = await f.admin.post('/api/users', { name: 'defaulted', allowedModels: ['chat'] });
    const client = new OpenAI({ baseURL: `${f.t.url}/v1`, apiKey: created.body.apiKey, maxRetries: 0 });
    await f.admin.put('/api/config/defaultRateLimitRpm', { value: 1 });
    try {
      await client.embeddings.create({ model: 'chat', input: 'a' });
      await expect(client.embeddings.create({ model: 'chat', input: 'a' })).rejects.toMatchObject({ status: 429 });
    } finally {
      await f.admin.put('/api/config/defaultRateLimitRpm', { value: 0 });
    }
    await eventually(async () => expect((await f.logRows()).some((r) => r.status_code === 429)).toBe(true));
  });
});
