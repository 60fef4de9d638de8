import { ProviderAdapter } from './provider-adapter';
import { serializeJson } from './raw-json';
import { ModelsRequest, ProxyCall, ProxyEndpoint, UpstreamApi, UpstreamRequest } from './types';

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
    const strings = stringsOf(api);
    return {
      url: strings.url(call.endpoint),
      method: 'POST',
      headers: {
        ...call.forwardHeaders,
        ...api.extraHeaders,
        authorization: strings.authorization,
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

/** An API's bearer header and endpoint URLs, made once per API rather than on every call. */
interface ApiStrings {
  baseUrl: string;
  apiKey: string;
  authorization: string;
  url(endpoint: ProxyEndpoint): string;
}

/** Keyed by the routing snapshot's API objects, which live as long as their snapshot. */
const apiStrings = new WeakMap<UpstreamApi, ApiStrings>();

function stringsOf(api: UpstreamApi): ApiStrings {
  let strings = apiStrings.get(api);
  // Built again if the object was changed in place since (a test's fixture, say).
  if (strings === undefined || strings.baseUrl !== api.baseUrl || strings.apiKey !== api.apiKey) {
    const { baseUrl, apiKey } = api;
    const urls = new Map<ProxyEndpoint, string>();
    strings = {
      baseUrl,
      apiKey,
      // Joined, not templated: flat strings rather than V8 cons strings, which the upstream client's URL
      // cache and undici's header check would each flatten through a runtime call. Made once, they also
      // keep their hash for the URL cache's lookup.
      authorization: ['Bearer', apiKey].join(' '),
      url: (endpoint) => {
        let url = urls.get(endpoint);
        if (url === undefined) urls.set(endpoint, (url = [baseUrl, endpoint].join('/')));
        return url;
      },
    };
    apiStrings.set(api, strings);
  }
  return strings;
}
