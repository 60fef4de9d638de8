import { toAnthropicMessages } from './anthropic-request';
import { toChatCompletion } from './anthropic-response';
import { AnthropicStreamTranslator } from './anthropic-stream';
import { ProviderAdapter } from './provider-adapter';
import {
  defaultClassifyError,
  ErrorClassification,
  ModelsRequest,
  ProxyCall,
  ProxyEndpoint,
  StreamContext,
  StreamTranslator,
  UpstreamApi,
  UpstreamRequest,
} from './types';

/** The `anthropic-version` header sent when the API sets none. */
export const ANTHROPIC_DEFAULT_VERSION = '2023-06-01';

/** Anthropic error `type` → the OpenAI error `type` clients expect. */
const ERROR_TYPES: Record<string, string> = {
  invalid_request_error: 'invalid_request_error',
  authentication_error: 'invalid_request_error',
  permission_error: 'permission_error',
  not_found_error: 'invalid_request_error',
  request_too_large: 'invalid_request_error',
  rate_limit_error: 'rate_limit_error',
  api_error: 'server_error',
  overloaded_error: 'server_error',
};

/**
 * Anthropic's Messages API behind OpenAI chat completions: `baseUrl` like `https://api.anthropic.com`,
 * `model` an Anthropic model id. Requests, answers and streams are translated both ways.
 */
@ProviderAdapter('anthropic')
export class AnthropicAdapter implements ProviderAdapter {
  readonly name = 'anthropic';

  /** Only chat completions has a Messages equivalent. */
  supports(endpoint: ProxyEndpoint): boolean {
    return endpoint === 'chat/completions';
  }

  buildRequest(api: UpstreamApi, call: ProxyCall): UpstreamRequest {
    const headers: Record<string, string> = {
      'anthropic-version': api.apiVersion || ANTHROPIC_DEFAULT_VERSION,
      ...call.forwardHeaders,
      ...api.extraHeaders,
      'x-api-key': api.apiKey,
      'content-type': 'application/json',
    };
    delete headers.authorization;
    return {
      url: `${api.baseUrl}/v1/messages`,
      method: 'POST',
      headers,
      body: JSON.stringify(toAnthropicMessages(call.body, api.model, call.stream)),
    };
  }

  translateResponse(_endpoint: ProxyEndpoint, json: Record<string, unknown>): Record<string, unknown> {
    return toChatCompletion(json);
  }

  createStreamTranslator(_endpoint: ProxyEndpoint, context: StreamContext): StreamTranslator {
    return new AnthropicStreamTranslator(context);
  }

  /** 529 is Anthropic's "overloaded": as retryable as a 503. */
  classifyError(status: number, body: string): ErrorClassification {
    let type: string | undefined;
    try {
      const error = (JSON.parse(body) as { error?: { type?: unknown } }).error;
      if (typeof error?.type === 'string') type = ERROR_TYPES[error.type];
    } catch {
      // not JSON: no type to translate
    }
    return { ...defaultClassifyError(status), ...(type ? { type } : {}) };
  }

  /**
   * `GET {baseUrl}/v1/models?limit=1000` (Anthropic pages the list; 1000 is its largest page) with
   * `x-api-key` and `anthropic-version`; the answer is `{ data: [{ id }] }`.
   */
  buildModelsRequest(api: UpstreamApi): ModelsRequest {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'anthropic-version': api.apiVersion || ANTHROPIC_DEFAULT_VERSION,
      ...api.extraHeaders,
      'x-api-key': api.apiKey,
    };
    delete headers.authorization;
    return { url: `${api.baseUrl}/v1/models?limit=1000`, headers };
  }
}
