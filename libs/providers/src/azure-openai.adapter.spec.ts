import { AZURE_DEFAULT_API_VERSION, AzureOpenAiAdapter } from './azure-openai.adapter';
import { UpstreamApi } from './types';

const api: UpstreamApi = {
  id: 'a1',
  name: 'azure',
  provider: 'azure-openai',
  baseUrl: 'https://contoso.openai.azure.com',
  apiKey: 'azure-key',
  model: 'gpt4o prod',
  extraHeaders: {},
  timeoutMs: 1000,
};

describe('AzureOpenAiAdapter', () => {
  const adapter = new AzureOpenAiAdapter();

  it('addresses the deployment with the default api-version and authenticates with api-key only', () => {
    const req = adapter.buildRequest(api, {
      endpoint: 'chat/completions',
      body: { model: 'alias', messages: [] },
      stream: false,
      forwardHeaders: { authorization: 'Bearer client', 'user-agent': 'sdk' },
    });
    expect(req.url).toBe(
      `https://contoso.openai.azure.com/openai/deployments/gpt4o%20prod/chat/completions?api-version=${AZURE_DEFAULT_API_VERSION}`,
    );
    expect(req.headers['api-key']).toBe('azure-key');
    expect(req.headers.authorization).toBeUndefined();
    expect(req.headers['user-agent']).toBe('sdk');
    expect(JSON.parse(req.body)).toEqual({ model: 'gpt4o prod', messages: [] });
  });

  it('uses the API’s own api-version', () => {
    const req = adapter.buildRequest(
      { ...api, apiVersion: '2025-01-01-preview' },
      { endpoint: 'embeddings', body: {}, stream: false, forwardHeaders: {} },
    );
    expect(req.url).toMatch(/\/embeddings\?api-version=2025-01-01-preview$/);
  });

  it('supports the deployment operations only', () => {
    expect(adapter.supports('chat/completions')).toBe(true);
    expect(adapter.supports('embeddings')).toBe(true);
    expect(adapter.supports('moderations')).toBe(false);
    expect(adapter.supports('responses')).toBe(false);
  });
});

describe('AzureOpenAiAdapter models request', () => {
  const adapter = new AzureOpenAiAdapter();

  it('lists {baseUrl}/openai/models with the api-version and api-key only, matching the deployment loosely', () => {
    const req = adapter.buildModelsRequest({ ...api, extraHeaders: { 'x-team': 'blue' } });
    expect(req).toEqual({
      url: `https://contoso.openai.azure.com/openai/models?api-version=${AZURE_DEFAULT_API_VERSION}`,
      headers: { accept: 'application/json', 'x-team': 'blue', 'api-key': 'azure-key' },
      modelMatch: 'loose',
    });
    expect(adapter.buildModelsRequest({ ...api, apiVersion: '2025-01-01-preview' }).url).toBe(
      'https://contoso.openai.azure.com/openai/models?api-version=2025-01-01-preview',
    );
  });
});
