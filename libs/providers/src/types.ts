/** The OpenAI-compatible routes the gateway proxies (path after `/v1/`). */
export const PROXY_ENDPOINTS = [
  'chat/completions',
  'completions',
  'embeddings',
  'responses',
  'moderations',
  'images/generations',
  'audio/speech',
] as const;

export type ProxyEndpoint = (typeof PROXY_ENDPOINTS)[number];

/** An upstream API as an adapter sees it: connection details with the key already decrypted. */
export interface UpstreamApi {
  id: string;
  name: string;
  provider: string;
  /** e.g. `https://api.openai.com/v1` — no trailing slash. */
  baseUrl: string;
  apiKey: string;
  /** The upstream model name that replaces the client's alias. */
  model: string;
  extraHeaders: Record<string, string>;
  timeoutMs: number;
}

/** One client call, already authenticated and routed. */
export interface ProxyCall {
  endpoint: ProxyEndpoint;
  /** The client's JSON body; `model` is still the alias. Adapters must not mutate it. */
  body: Record<string, unknown>;
  stream: boolean;
  /** Client headers that may travel upstream (hop-by-hop, auth and cookies already removed). */
  forwardHeaders: Record<string, string>;
}

/** The HTTP request to send upstream. */
export interface UpstreamRequest {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
}

/** Token counts read from an upstream answer. */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}
