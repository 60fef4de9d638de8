import type { LookupAddress } from 'node:dns';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HOST_RESOLVER, HostResolver } from '../src/core/url-guard';
import { errorJson, ProxyFixture, startProxyFixture } from './support/proxy-fixture';

const PUBLIC_ADDRESS = '93.184.216.34';

describe('security: SSRF guard on upstream base URLs (e2e)', () => {
  let f: ProxyFixture;
  let resolver: HostResolver;
  /** Simulated DNS: name → addresses; other names fail to resolve. */
  let dns: Record<string, string[]>;
  let port: string;

  const body = (over: Record<string, unknown>) => ({
    name: `api-${Math.random().toString(36).slice(2, 8)}`,
    provider: 'openai',
    apiKey: 'sk-ssrf-0123456789',
    model: 'gpt-4o-mini',
    ...over,
  });
  /** An API reachable as alias `name` by the fixture's user. */
  const routed = async (name: string, over: Record<string, unknown>) => {
    const api = await f.admin.post('/api/apis', body({ name, ...over }));
    expect(api.status).toBe(201);
    expect((await f.admin.post('/api/aliases', { alias: name, apiId: api.body.id })).status).toBe(201);
    expect((await f.admin.patch(`/api/users/${f.userId}`, { allowedModels: ['chat', name] })).status).toBe(200);
    return api.body.id as string;
  };
  const chat = (model: string) =>
    fetch(`${f.t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${f.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
    });

  beforeAll(async () => {
    f = await startProxyFixture();
    port = new URL(f.fake.url).port;
    resolver = f.t.app.get<HostResolver>(HOST_RESOLVER);
    jest
      .spyOn(resolver, 'lookup')
      .mockImplementation((host) =>
        dns[host]
          ? Promise.resolve(dns[host].map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 })))
          : Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' })),
      );
  });

  beforeEach(() => {
    dns = { localhost: ['127.0.0.1'], 'metadata.test': ['169.254.169.254'], 'dual.test': [PUBLIC_ADDRESS, 'fd00::1'] };
    f.fake.reset();
  });

  afterAll(async () => {
    await f.close();
  });

  it.each([
    'http://127.0.0.1:8080/v1',
    'http://2130706433/v1',
    'http://0x7f000001/v1',
    'http://0177.0.0.1/v1',
    'http://[::1]:8080/v1',
    'http://[::ffff:127.0.0.1]/v1',
    'http://0.0.0.0:8080/v1',
    'http://10.0.0.1/v1',
    'http://172.16.5.4/v1',
    'http://192.168.1.10/v1',
    'http://100.64.0.1/v1',
    'http://169.254.169.254/latest/meta-data',
    'http://[fe80::1]/v1',
    'http://[fd00::1]/v1',
    'http://localhost:11434/v1',
    'http://metadata.test/v1',
    'https://dual.test/v1',
  ])('refuses %s on save with 400 naming baseUrl and why', async (baseUrl) => {
    const res = await f.admin.post('/api/apis', body({ baseUrl }));
    expect(res.status).toBe(400);
    const message = JSON.stringify(res.body.message);
    expect(message).toContain('baseUrl');
    if (!message.includes('must be an http(s) URL')) expect(message).toMatch(/points to a .* address .*allowPrivateNetwork/);
  });

  it('accepts private addresses with allowPrivateNetwork, and re-checks on update', async () => {
    const created = await f.admin.post('/api/apis', body({ baseUrl: 'http://10.0.0.1/v1', allowPrivateNetwork: true }));
    expect(created.status).toBe(201);
    const off = await f.admin.patch(`/api/apis/${created.body.id}`, { allowPrivateNetwork: false });
    expect(off.status).toBe(400);
    expect(JSON.stringify(off.body.message)).toContain('baseUrl points to a private address (10.0.0.1)');
    const publicApi = await f.admin.post('/api/apis', body({ baseUrl: 'https://api.example.com/v1' }));
    expect(publicApi.status).toBe(201);
    expect((await f.admin.patch(`/api/apis/${publicApi.body.id}`, { baseUrl: 'http://169.254.169.254/v1' })).status).toBe(400);
  });

  it('refuses at connect time when DNS turns private after the save (rebinding): 502 OpenAI error, nothing sent', async () => {
    dns['rebind.test'] = [PUBLIC_ADDRESS];
    await routed('rebind', { baseUrl: `http://rebind.test:${port}/v1` });
    dns['rebind.test'] = ['127.0.0.1'];
    const res = await chat('rebind');
    expect(res.status).toBe(502);
    const error = await errorJson(res);
    expect(error.error.message).toContain('address is not allowed');
    expect(error.error.type).toBe('upstream_error');
    expect(f.fake.requests).toHaveLength(0);
  });

  it('connects through the same resolver when private networks are allowed', async () => {
    dns['local-llm.test'] = ['127.0.0.1'];
    await routed('local-llm', { baseUrl: `http://local-llm.test:${port}/v1`, allowPrivateNetwork: true });
    const res = await chat('local-llm');
    expect(res.status).toBe(200);
    expect(f.fake.requests).toHaveLength(1);
  });

  it('refuses a private IP literal at connect time too (API stored before the guard existed)', async () => {
    const id = await routed('legacy', { baseUrl: 'https://api.example.com/v1' });
    await f.t.dataSource.query('UPDATE apis SET base_url = $1 WHERE id = $2', [`http://127.0.0.1:${port}/v1`, id]);
    await f.admin.patch(`/api/apis/${id}`, { enabled: true }); // announces the change: the snapshot reloads
    const res = await chat('legacy');
    expect(res.status).toBe(502);
    expect((await errorJson(res)).error.message).toContain('address is not allowed');
    expect(f.fake.requests).toHaveLength(0);
  });

  it('the connectivity test refuses a rebound name as well', async () => {
    dns['rebind2.test'] = [PUBLIC_ADDRESS];
    const created = await f.admin.post('/api/apis', body({ baseUrl: `http://rebind2.test:${port}/v1` }));
    expect(created.status).toBe(201);
    dns['rebind2.test'] = ['127.0.0.1'];
    const res = await f.admin.post(`/api/apis/${created.body.id}/test`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: false, status: null });
    expect(res.body.error).toMatch(/baseUrl points to a loopback address \(rebind2\.test → 127\.0\.0\.1\)/);
    expect(f.fake.requests).toHaveLength(0);
  });

  it('never follows an upstream redirect (it would carry the key elsewhere)', async () => {
    const redirector = http.createServer((_req, res) => {
      res.writeHead(302, { location: `${f.fake.url}/v1/models` });
      res.end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    try {
      const api = await f.admin.post(
        '/api/apis',
        body({ baseUrl: `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/v1`, allowPrivateNetwork: true }),
      );
      const res = await f.admin.post(`/api/apis/${api.body.id}/test`);
      expect(res.body).toMatchObject({ ok: false, status: 302 });
      expect(f.fake.requests).toHaveLength(0);
    } finally {
      await new Promise((resolve) => redirector.close(resolve));
    }
  });
});
