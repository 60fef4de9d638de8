import { AZURE_DEFAULT_API_VERSION } from '@switchyard/providers';
import OpenAI from 'openai';
import { ProviderGateway, startProviderGateway } from './support/provider-gateway';

describe('pluggable providers: registry, example module, Azure, unsupported endpoints (e2e)', () => {
  let g: ProviderGateway;
  let client: OpenAI;

  beforeAll(async () => {
    g = await startProviderGateway();
    await g.route('ex', { provider: 'example', baseUrl: g.fake.url, model: 'gpt-4o-mini' });
    await g.route('az', { provider: 'azure-openai', baseUrl: g.fake.url, model: 'prod-deploy', apiVersion: '2025-01-01-preview' });
    await g.route('az-default', { provider: 'azure-openai', baseUrl: g.fake.url, model: 'other-deploy' });
    await g.route('claude', { provider: 'anthropic', baseUrl: g.fake.url, model: 'claude-x' });
    client = await g.client();
  });

  afterAll(() => g?.close());
  beforeEach(() => g.fake.reset());

  it('accepts the example module’s provider name and refuses unknown ones with 400 listing the valid names', async () => {
    const valid = 'provider must be one of the following values: anthropic, azure-openai, example, openai';
    const bad = await g.admin.post('/api/apis', { name: 'x', provider: 'nope', baseUrl: g.fake.url, apiKey: 'k', model: 'm' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual([valid]);
    expect(await g.t.dataSource.query(`SELECT id FROM apis WHERE name = 'x'`)).toEqual([]);

    const list = await g.admin.get('/api/apis');
    const ex = (list.body as { name: string; id: string; provider: string }[]).find((a) => a.name === 'ex')!;
    expect(ex.provider).toBe('example');
    const patch = await g.admin.patch(`/api/apis/${ex.id}`, { provider: 'mystery' });
    expect(patch.status).toBe(400);
    expect(patch.body.message).toEqual([valid]);
  });

  it('routes through the example adapter: its URL, its auth header, its response translation', async () => {
    const res = await client.chat.completions.create({ model: 'ex', messages: [{ role: 'user', content: 'hi example' }] });
    expect(res.choices[0].message.content).toBe('Echo: hi example');
    expect(res.system_fingerprint).toBe('example-provider');
    const upstream = g.fake.requests[0];
    expect(upstream.path).toBe('/v1/chat/completions');
    expect(upstream.headers['x-example-token']).toBe('upstream-key-0123456789');
    expect(upstream.headers.authorization).toBeUndefined();
  });

  it('calls Azure at the deployment URL with the API’s api-version and the api-key header, no Authorization', async () => {
    const res = await client.chat.completions.create({ model: 'az', messages: [{ role: 'user', content: 'hello azure' }] });
    expect(res.choices[0].message.content).toBe('Echo: hello azure');
    const upstream = g.fake.requests[0];
    expect(upstream.url).toBe('/openai/deployments/prod-deploy/chat/completions?api-version=2025-01-01-preview');
    expect(upstream.headers['api-key']).toBe('upstream-key-0123456789');
    expect(upstream.headers.authorization).toBeUndefined();

    const emb = await client.embeddings.create({ model: 'az-default', input: 'x' });
    expect(emb.data).toHaveLength(1);
    expect(g.fake.requests[1].url).toBe(`/openai/deployments/other-deploy/embeddings?api-version=${AZURE_DEFAULT_API_VERSION}`);
  });

  it('reports that a provider without a models request cannot be tested, without calling the upstream', async () => {
    const list = (await g.admin.get('/api/apis')).body as { id: string; name: string }[];
    const ex = list.find((a) => a.name === 'ex')!;
    const res = await g.admin.post(`/api/apis/${ex.id}/test`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: false,
      status: null,
      latencyMs: 0,
      models: [],
      modelFound: null,
      error: "the example provider cannot list the upstream's models",
    });
    expect(g.fake.requests).toHaveLength(0);
  });

  it('shows and resets the per-API apiVersion', async () => {
    const list = (await g.admin.get('/api/apis')).body as { id: string; name: string; apiVersion: string | null }[];
    const az = list.find((a) => a.name === 'az')!;
    expect(az.apiVersion).toBe('2025-01-01-preview');
    expect(list.find((a) => a.name === 'az-default')!.apiVersion).toBeNull();
    const bad = await g.admin.patch(`/api/apis/${az.id}`, { apiVersion: 'a b' });
    expect(bad.status).toBe(400);
    const reset = await g.admin.patch(`/api/apis/${az.id}`, { apiVersion: null });
    expect(reset.body.apiVersion).toBeNull();
    const restored = await g.admin.patch(`/api/apis/${az.id}`, { apiVersion: '2025-01-01-preview' });
    expect(restored.body.apiVersion).toBe('2025-01-01-preview');
  });

  it('answers 400 unsupported_endpoint, OpenAI-shaped, for an endpoint the provider cannot serve', async () => {
    const err = await client.embeddings.create({ model: 'claude', input: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('unsupported_endpoint');
    expect((err as Error).message).toContain("provider 'anthropic'");
    expect(g.fake.requests).toHaveLength(0);
    const rows = await g.logRows();
    expect(rows[rows.length - 1]).toMatchObject({ status_code: 400, error_type: 'invalid_request_error', endpoint: 'embeddings' });
  });
});
