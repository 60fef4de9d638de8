import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { ProxyFixture, startProxyFixture } from './support/proxy-fixture';

/**
 * `/v1` runs on the plain node:http objects, without Express (core/http-setup.ts), unless something
 * else needs Express on `/v1` — here a Nest request hook, which makes every call take the Express
 * mount. Both ways must answer alike: same status, body shape, headers, CORS, client address, log row.
 */
describe('/v1 with and without the Express pipeline (e2e)', () => {
  let f: ProxyFixture;

  beforeAll(async () => {
    f = await startProxyFixture();
    await f.admin.put('/api/config/corsOrigins', { value: 'https://app.example.com' });
  });

  afterAll(async () => {
    await f.close();
  });

  const API_HEADERS = {
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
  };

  /** Header names as they came on the wire, lower-cased (a duplicate shows twice). */
  const headerNames = (res: request.Response) =>
    (res as unknown as { res: { rawHeaders: string[] } }).res.rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());

  async function exercise() {
    const chat = await request(f.t.server)
      .post('/v1/chat/completions?trace=1')
      .set('authorization', `Bearer ${f.apiKey}`)
      .set('origin', 'https://app.example.com')
      .send({ model: 'chat', messages: [{ role: 'user', content: 'hello' }] });
    expect(chat.status).toBe(200);
    expect(chat.body.object).toBe('chat.completion');
    expect(chat.headers).toMatchObject(API_HEADERS);
    expect(chat.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(chat.headers.vary).toMatch(/origin/i);
    // The admin app's CSP is not sent on the API.
    expect(chat.headers['content-security-policy']).not.toContain('script-src');
    expect(chat.headers['x-powered-by']).toBeUndefined();
    expect(new Set(headerNames(chat)).size).toBe(headerNames(chat).length);

    const stream = await request(f.t.server)
      .post('/v1/chat/completions')
      .set('authorization', `Bearer ${f.apiKey}`)
      .send({ model: 'chat', stream: true, messages: [{ role: 'user', content: 'hello' }] });
    expect(stream.status).toBe(200);
    expect(stream.headers).toMatchObject({
      ...API_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
    });
    expect(stream.headers['x-request-id']).toMatch(/^req_/);
    expect(new Set(headerNames(stream)).size).toBe(headerNames(stream).length);

    const models = await request(f.t.server).get('/v1/models/chat/').set('authorization', `Bearer ${f.apiKey}`);
    expect(models.status).toBe(200);
    expect(models.body).toMatchObject({ id: 'chat', object: 'model' });
    expect(models.headers['content-type']).toBe('application/json; charset=utf-8');

    const unknown = await request(f.t.server).post('/v1/nope?x=1').set('authorization', `Bearer ${f.apiKey}`).send({});
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'unknown_url', message: 'Unknown route: POST /v1/nope' });
    expect(unknown.headers).toMatchObject(API_HEADERS);

    const preflight = await request(f.t.server)
      .options('/v1/chat/completions')
      .set('origin', 'https://app.example.com')
      .set('access-control-request-method', 'POST');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
    expect(preflight.headers).toMatchObject({ ...API_HEADERS, 'access-control-allow-origin': 'https://app.example.com' });

    const row = await f.logRow(chat.headers['x-request-id']);
    expect(row).toMatchObject({ status_code: 200, endpoint: 'chat/completions', model: 'chat' });
    expect(row.client_ip).toMatch(/127\.0\.0\.1$/);
  }

  it('answers on the fast path', async () => {
    await exercise();
  });

  it('answers the same through Express, which still sends the admin headers everywhere else', async () => {
    const hooked: string[] = [];
    const adapter = (f.t.app as NestExpressApplication).getHttpAdapter() as unknown as {
      setOnRequestHook(hook: (req: { url: string }, res: unknown, done: () => void) => void): void;
    };
    adapter.setOnRequestHook((req, _res, done) => {
      hooked.push(req.url);
      done();
    });
    try {
      await exercise();
      expect(hooked).toContain('/v1/chat/completions?trace=1');
      const health = await request(f.t.server).get('/health');
      expect(health.headers['content-security-policy']).toContain("script-src 'self'");
    } finally {
      adapter.setOnRequestHook(undefined as never);
    }
  });
});
