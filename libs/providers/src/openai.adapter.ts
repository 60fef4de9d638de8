import { ProviderAdapter } from './provider-adapter';
import { serializeJson } from './raw-json';
import { ModelsRequest, ProxyCall, UpstreamApi, UpstreamRequest } from './types';

/** OpenAI and every server that speaks its API (vLLM, Ollama, LM Studio, …): `baseUrl` ends in `/v1`. */
@ProviderAdapter('openai')
export class OpenAiAdapter implements ProviderAdapter {
  readonly name = 'openai';

  /** Every proxied endpoint: the request and the answer already have OpenAI's shape. */
  supports(): boolean {
    return true;
  }

  buildRequest(api: UpstreamApi, call: ProxyCall): UpstreamRequest {
    const body: Record<string, unknown> = { ...call.body, model: api.model };
    return {
      // Joined, not templated: a flat string rather than a V8 cons string, which the URL cache's lookup
      // and undici's header check would each flatten through a runtime call, on every call.
      url: [api.baseUrl, call.endpoint].join('/'),
      method: 'POST',
      headers: {
        ...call.forwardHeaders,
        ...api.extraHeaders,
        authorization: ['Bearer', api.apiKey].join(' '),
        'content-type': 'application/json',
      },
      // The client's own JSON with `model` (and a changed `stream_options`) spliced in: no re-serialisation.
      body: serializeJson(body),
    };
  }

  /** `GET {baseUrl}/models` with the bearer key. */
  buildModelsRequest(api: UpstreamApi): ModelsRequest {
    return {
      url: `${api.baseUrl}/models`,
      headers: { accept: 'application/json', ...api.extraHeaders, authorization: `Bearer ${api.apiKey}` },
    };
  }
}
