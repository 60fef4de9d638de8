import { ProviderAdapter } from './provider-adapter';
import { ModelsRequest, ProxyCall, ProxyEndpoint, UpstreamApi, UpstreamRequest } from './types';

/** The `api-version` used when the API sets none: the current GA version of Azure OpenAI's data plane. */
export const AZURE_DEFAULT_API_VERSION = '2024-10-21';

/** Operations Azure serves under `/openai/deployments/{deployment}/…`. */
const AZURE_ENDPOINTS = new Set<ProxyEndpoint>(['chat/completions', 'completions', 'embeddings', 'images/generations', 'audio/speech']);

/**
 * Azure OpenAI: `baseUrl` is the resource endpoint (`https://NAME.openai.azure.com`), `model` the
 * deployment name. Bodies and answers are OpenAI's; only the URL and the auth header differ.
 */
@ProviderAdapter('azure-openai')
export class AzureOpenAiAdapter implements ProviderAdapter {
  readonly name = 'azure-openai';

  supports(endpoint: ProxyEndpoint): boolean {
    return AZURE_ENDPOINTS.has(endpoint);
  }

  buildRequest(api: UpstreamApi, call: ProxyCall): UpstreamRequest {
    const version = encodeURIComponent(api.apiVersion || AZURE_DEFAULT_API_VERSION);
    const headers: Record<string, string> = {
      ...call.forwardHeaders,
      ...api.extraHeaders,
      'api-key': api.apiKey,
      'content-type': 'application/json',
    };
    // Azure takes either header; sending only `api-key` keeps a forwarded bearer from ever reaching it.
    delete headers.authorization;
    return {
      url: `${api.baseUrl}/openai/deployments/${encodeURIComponent(api.model)}/${call.endpoint}?api-version=${version}`,
      method: 'POST',
      headers,
      body: JSON.stringify({ ...call.body, model: api.model }),
    };
  }

  /**
   * `GET {baseUrl}/openai/models?api-version=…` with the `api-key` header. Azure lists the models the
   * resource can deploy, not its deployments, so `model` (a deployment name) is matched loosely: a
   * deployment named like its model is found, any other is "unknown" (`modelFound: null`).
   */
  buildModelsRequest(api: UpstreamApi): ModelsRequest {
    const version = encodeURIComponent(api.apiVersion || AZURE_DEFAULT_API_VERSION);
    const headers: Record<string, string> = { accept: 'application/json', ...api.extraHeaders, 'api-key': api.apiKey };
    delete headers.authorization;
    return { url: `${api.baseUrl}/openai/models?api-version=${version}`, headers, modelMatch: 'loose' };
  }
}
