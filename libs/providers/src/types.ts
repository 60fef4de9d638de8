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
  /** e.g. `https://api.openai.com/v1` — no trailing slash. Each provider documents what it expects. */
  baseUrl: string;
  apiKey: string;
  /** The upstream model name that replaces the client's alias (the deployment name on Azure). */
  model: string;
  extraHeaders: Record<string, string>;
  timeoutMs: number;
  /**
   * The provider's API version when the operator set one (Azure `api-version`, Anthropic
   * `anthropic-version`); null or absent: the adapter's default.
   */
  apiVersion?: string | null;
}

/**
 * The request that lists an upstream's models with an API's credentials (`GET`, no body), used by
 * "Test connection" (`POST /api/apis/:id/test`) and the active health check.
 */
export interface ModelsRequest {
  url: string;
  /** The provider's auth header and the API's extra headers. */
  headers: Record<string, string>;
  /**
   * How the API's `model` is looked up in the list for `modelFound`: `exact` (the default) reports
   * true or false; `loose` reports true when listed and null (unknown) otherwise, for providers whose
   * `model` is not a model id (Azure's deployment names are not in Azure's model list).
   */
  modelMatch?: 'exact' | 'loose';
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

/** What the gateway tells a stream translator about the call it translates. */
export interface StreamContext {
  /**
   * The upstream body asked for usage (`stream_options.include_usage`): the translator must end the
   * stream with an OpenAI usage-only chunk (`choices: []`). The gateway removes that chunk again when
   * the client did not ask for it, after reading the usage for the log.
   */
  includeUsage: boolean;
}

/**
 * Turns a provider's server-sent events into OpenAI ones, event by event (never buffering the whole
 * stream). Each returned string is one OpenAI SSE event without its closing blank line, e.g.
 * `data: {"object":"chat.completion.chunk",...}` or `data: [DONE]`.
 */
export interface StreamTranslator {
  /** One upstream event's `data` (`event:` names are not needed: providers repeat them as `type`). */
  push(data: string): string[];
  /** Called once when the upstream stream ended: events still owed to the client, if any. */
  flush(): string[];
}

/** How the gateway should treat an upstream error answer. */
export interface ErrorClassification {
  /** Trying again (or another target) may succeed: rate limits, overload, server errors. */
  retryable: boolean;
  /** OpenAI error `type` to report to the client instead of the one read from the body. */
  type?: string;
}

/** What an upstream error body says; null where it says nothing. */
export interface UpstreamErrorFields {
  message: string | null;
  type: string | null;
  param: string | null;
  code: string | number | null;
}

/**
 * The fields of an upstream error body (parsed JSON): OpenAI's `{"error": {...}}` or `{"error": "…"}`,
 * with a bare `{"message": "…"}` (vLLM, FastAPI) as the message's fallback. Anything else says nothing.
 */
export function upstreamErrorFields(body: unknown): UpstreamErrorFields {
  const fields: UpstreamErrorFields = { message: null, type: null, param: null, code: null };
  if (typeof body !== 'object' || body === null) return fields;
  const { error, message } = body as { error?: unknown; message?: unknown };
  if (typeof error === 'string') fields.message = error;
  else if (typeof error === 'object' && error !== null) {
    const e = error as Record<string, unknown>;
    if (typeof e.message === 'string') fields.message = e.message;
    if (typeof e.type === 'string') fields.type = e.type;
    if (typeof e.param === 'string') fields.param = e.param;
    if (typeof e.code === 'string' || typeof e.code === 'number') fields.code = e.code;
  }
  if (fields.message === null && typeof message === 'string') fields.message = message;
  return fields;
}

/** The default classification: 408, 409, 429 and 5xx are worth another try, everything else is final. */
export function defaultClassifyError(status: number): ErrorClassification {
  return { retryable: status === 408 || status === 409 || status === 429 || status >= 500 };
}
