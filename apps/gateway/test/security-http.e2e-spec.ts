import request from 'supertest';
import { AdminClient, startTestGateway, TestGateway } from './support/test-gateway';

describe('security: headers, CORS, body limits, header injection (e2e)', () => {
  let t: TestGateway;
  let admin: AdminClient;

  beforeAll(async () => {
    t = await startTestGateway();
    admin = await t.login();
  });

  afterAll(async () => {
    await t.close();
  });

  afterEach(async () => {
    await admin.put('/api/config/corsOrigins', { value: '' });
  });

  describe('headers', () => {
    it('serves the admin app and /api with a strict CSP, nosniff, no-referrer, DENY framing and no X-Powered-By', async () => {
      for (const path of ['/', '/apis', '/api/auth/me', '/health']) {
        const res = await request(t.server).get(path);
        const csp = res.headers['content-security-policy'];
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("script-src 'self';");
        expect(csp).not.toMatch(/script-src[^;]*unsafe/);
        expect(csp).toContain("object-src 'none'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("base-uri 'self'");
        expect(csp).toContain("form-action 'self'");
        expect(csp).toContain("img-src 'self' data:");
        expect(csp).toContain("connect-src 'self'");
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['referrer-policy']).toBe('no-referrer');
        expect(res.headers['x-frame-options']).toBe('DENY');
        expect(res.headers['x-powered-by']).toBeUndefined();
        expect(res.headers['strict-transport-security']).toBeUndefined();
      }
    });

    it('sends nosniff on /v1 answers too', async () => {
      const res = await request(t.server).post('/v1/chat/completions').send({});
      expect(res.status).toBe(401);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-powered-by']).toBeUndefined();
    });

    it('sends no HSTS over https when the proxy is not trusted (X-Forwarded-Proto is ignored)', async () => {
      const res = await request(t.server).get('/health').set('X-Forwarded-Proto', 'https');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    });
  });

  describe('CORS', () => {
    const origin = 'https://app.example.com';

    it('never allows cross-origin calls to /api, preflight or not', async () => {
      await admin.put('/api/config/corsOrigins', { value: '*' });
      const preflight = await request(t.server)
        .options('/api/apis')
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'content-type');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const read = await admin.get('/api/apis').set('Origin', origin);
      expect(read.status).toBe(200);
      expect(read.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('is closed on /v1 by default: no CORS header on the preflight nor on the answer', async () => {
      const preflight = await request(t.server)
        .options('/v1/chat/completions')
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'POST');
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const call = await request(t.server).post('/v1/chat/completions').set('Origin', origin).send({});
      expect(call.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('answers the preflight of a listed origin with 204, methods and the OpenAI SDK headers, and echoes it on answers', async () => {
      await admin.put('/api/config/corsOrigins', { value: `https://other.example, ${origin}/` });
      const preflight = await request(t.server)
        .options('/v1/chat/completions')
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization, content-type, openai-beta, x-stainless-os, x-evil');
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(origin);
      expect(preflight.headers['access-control-allow-methods']).toContain('POST');
      const allowed = preflight.headers['access-control-allow-headers'].split(', ');
      expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-api-key', 'openai-beta', 'x-stainless-os']));
      expect(allowed).not.toContain('x-evil');
      expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
      const call = await request(t.server).post('/v1/chat/completions').set('Origin', origin).send({});
      expect(call.status).toBe(401);
      expect(call.headers['access-control-allow-origin']).toBe(origin);
      expect(call.headers.vary).toMatch(/Origin/i);
      const other = await request(t.server).post('/v1/chat/completions').set('Origin', 'https://evil.example').send({});
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('allows any origin with *', async () => {
      await admin.put('/api/config/corsOrigins', { value: '*' });
      const res = await request(t.server).get('/v1/models').set('Origin', 'https://anything.example');
      expect(res.headers['access-control-allow-origin']).toBe('*');
    });
  });

  describe('body limits', () => {
    it('refuses a 1 MB /api body with 413 before reading it whole, in the Nest error shape', async () => {
      const res = await admin.post('/api/aliases', { alias: 'x'.repeat(1024 * 1024) });
      expect(res.status).toBe(413);
      expect(res.body).toEqual({ statusCode: 413, message: 'Request body larger than 100kb', error: 'Payload Too Large' });
    });
  });

  describe('header injection', () => {
    const api = (extraHeaders: Record<string, string>) => ({
      name: 'crlf',
      provider: 'openai',
      baseUrl: 'https://api.example.com/v1',
      apiKey: 'sk-crlf-0123456789',
      model: 'gpt-4o-mini',
      extraHeaders,
    });

    it.each([['a\r\nX-Injected: 1'], ['a\nb'], ['a\rb'], ['a\u0000b']])(
      'refuses extraHeaders value %j with 400 naming it',
      async (value) => {
        const res = await admin.post('/api/apis', api({ 'X-Team': value }));
        expect(res.status).toBe(400);
        expect(res.body.message).toEqual(
          expect.arrayContaining([expect.stringContaining('extraHeaders.X-Team must not contain control characters')]),
        );
      },
    );

    it('refuses a header name with CR/LF too, on update as well', async () => {
      expect((await admin.post('/api/apis', api({ 'X-A\r\nB': 'v' }))).status).toBe(400);
      const created = await admin.post('/api/apis', api({ 'X-Team': 'blue' }));
      expect(created.status).toBe(201);
      const res = await admin.patch(`/api/apis/${created.body.id}`, { extraHeaders: { 'X-Team': 'blue\r\nHost: evil' } });
      expect(res.status).toBe(400);
    });
  });
});
