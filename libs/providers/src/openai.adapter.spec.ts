import { OpenAiAdapter } from './openai.adapter';
import { ProviderAdapterMarker } from './provider-adapter';
import { UpstreamApi } from './types';

const api: UpstreamApi = {
  id: 'a1',
  name: 'openai-main',
  provider: 'openai',
  baseUrl: 'https://upstream.example/v1',
  apiKey: 'sk-upstream-secret',
  model: 'gpt-4o-mini',
  extraHeaders: { 'x-team': 'blue' },
  timeoutMs: 1000,
};

describe('OpenAiAdapter', () => {
  it('is registered under "openai"', () => {
    expect(Reflect.getMetadata(ProviderAdapterMarker.KEY, OpenAiAdapter)).toBe('openai');
  });

  it('replaces the alias with the upstream model, keeps every other field, and authenticates with the API key', () => {
    const adapter = new OpenAiAdapter();
    const body = { model: 'my-alias', messages: [{ role: 'user', content: 'hi' }], temperature: 0.2, stream: true };
    const req = adapter.buildRequest(api, { endpoint: 'chat/completions', body, stream: true, forwardHeaders: { 'user-agent': 'sdk' } });
    expect(req.url).toBe('https://upstream.example/v1/chat/completions');
    expect(JSON.parse(req.body)).toEqual({ ...body, model: 'gpt-4o-mini' });
    expect(body.model).toBe('my-alias');
    expect(req.headers).toMatchObject({ authorization: 'Bearer sk-upstream-secret', 'x-team': 'blue', 'user-agent': 'sdk' });
  });

  it('never lets a forwarded header override the upstream authorization', () => {
    const req = new OpenAiAdapter().buildRequest(api, {
      endpoint: 'embeddings',
      body: { model: 'x', input: 'a' },
      stream: false,
      forwardHeaders: { authorization: 'Bearer client-key' },
    });
    expect(req.headers.authorization).toBe('Bearer sk-upstream-secret');
  });

  it("reuses an API's header and URLs call after call, and follows an API object changed in place", () => {
    const adapter = new OpenAiAdapter();
    const own: UpstreamApi = { ...api };
    const call = (endpoint: 'chat/completions' | 'embeddings') =>
      adapter.buildRequest(own, { endpoint, body: { model: 'x' }, stream: false, forwardHeaders: {} });
    expect(call('chat/completions').url).toBe(call('chat/completions').url);
    expect(call('embeddings').url).toBe('https://upstream.example/v1/embeddings');
    own.apiKey = 'sk-rotated';
    own.baseUrl = 'https://other.example/v1';
    const changed = call('chat/completions');
    expect(changed.headers.authorization).toBe('Bearer sk-rotated');
    expect(changed.url).toBe('https://other.example/v1/chat/completions');
  });
});

describe('OpenAiAdapter models request', () => {
  it('lists {baseUrl}/models with the bearer key and the extra headers, matching the model exactly', () => {
    const req = new OpenAiAdapter().buildModelsRequest(api);
    expect(req).toEqual({
      url: 'https://upstream.example/v1/models',
      headers: { accept: 'application/json', 'x-team': 'blue', authorization: 'Bearer sk-upstream-secret' },
    });
    expect(req.modelMatch ?? 'exact').toBe('exact');
  });
});
