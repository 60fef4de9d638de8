import { DiscoveryService } from '@nestjs/core';
import 'reflect-metadata';
import {
  ErrorClassification,
  ModelsRequest,
  ProxyCall,
  ProxyEndpoint,
  StreamContext,
  StreamTranslator,
  UpstreamApi,
  UpstreamRequest,
} from './types';

/**
 * What the gateway needs from a provider: the upstream request for an OpenAI-shaped call, and the way
 * back to OpenAI shapes. Adapters are pure: no I/O and no per-call state outside the objects they
 * return; the gateway owns connections, streaming, timeouts, usage capture and logging.
 *
 * Implement it in a class decorated with `@ProviderAdapter('name')` and list that class in a Nest
 * module's `providers`; importing the module into the app makes `name` a valid `provider` of
 * `/api/apis`. See docs/providers.md.
 */
export interface ProviderAdapter {
  /** The `provider` value of the APIs this adapter serves, e.g. `openai`; the same as the decorator's. */
  readonly name: string;

  /**
   * Whether the provider can answer this OpenAI endpoint. The gateway answers 400
   * `unsupported_endpoint` (OpenAI-shaped) for the others without calling the upstream.
   */
  supports(endpoint: ProxyEndpoint): boolean;

  /**
   * Builds the upstream HTTP request: URL, headers (the provider's auth, the API's extra headers, the
   * forwarded client headers) and body (the upstream model instead of the alias). Must not mutate `call`.
   */
  buildRequest(api: UpstreamApi, call: ProxyCall): UpstreamRequest;

  /**
   * Turns a successful non-stream JSON answer into OpenAI's shape for `endpoint`, `usage` included
   * (`prompt_tokens`/`completion_tokens`). Leave it out when the provider already answers like OpenAI.
   */
  translateResponse?(endpoint: ProxyEndpoint, json: Record<string, unknown>): Record<string, unknown>;

  /**
   * A translator for one streamed answer (SSE) to `endpoint`. Leave it out when the provider already
   * streams OpenAI chunks. The translator must emit a usage-only chunk when `context.includeUsage`.
   */
  createStreamTranslator?(endpoint: ProxyEndpoint, context: StreamContext): StreamTranslator;

  /**
   * Whether an error answer (status ≥ 400, `body` as text) is worth retrying, and optionally the OpenAI
   * error type to report. Without it the gateway uses `defaultClassifyError`.
   */
  classifyError?(status: number, body: string): ErrorClassification;

  /**
   * The `GET` request listing the upstream's models with `api`'s credentials; the answer must be
   * `{ data: [{ id }] }` (OpenAI's shape), or the adapter provides `parseModels`. "Test connection"
   * and the active health check use it. Leave it out when the provider has no model list: the test
   * then reports that it cannot check, and the health check skips the API (its breaker recovers
   * through the half-open probe).
   */
  buildModelsRequest?(api: UpstreamApi): ModelsRequest;

  /**
   * The model ids of a successful (2xx) JSON answer to `buildModelsRequest`, or undefined when it is
   * not a model list. Leave it out when the provider answers `{ data: [{ id }] }`.
   */
  parseModels?(json: unknown): string[] | undefined;
}

/** Nest discovery marker: `DiscoveryService.getProviders({ metadataKey: ProviderAdapterMarker.KEY })`. */
export const ProviderAdapterMarker = DiscoveryService.createDecorator<string>();

/**
 * Marks a class as the adapter for provider `name`. The gateway's `ProviderRegistry` discovers every
 * provider carrying this decorator in any module of the app; the class must be a Nest provider.
 */
export function ProviderAdapter(name: string): ClassDecorator {
  return ProviderAdapterMarker(name);
}
