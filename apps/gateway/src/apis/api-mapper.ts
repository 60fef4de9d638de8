import { ApiHealth, ApiResponse } from '@switchyard/contracts';
import { UpstreamApi } from '@switchyard/providers';
import { ApiEntity } from './api.entity';

/** Short keys reveal nothing: four characters of an eight-character key would be half of it. */
const MIN_KEY_LENGTH_FOR_HINT = 8;

/** What the admin app may show of a key: `…` and its last four characters. */
export function apiKeyHint(apiKey: string): string {
  return apiKey.length >= MIN_KEY_LENGTH_FOR_HINT ? `…${apiKey.slice(-4)}` : '…';
}

/** The health of an API this instance has not called yet. */
export const UNUSED_API_HEALTH: ApiHealth = { state: 'closed', since: null, consecutiveFailures: 0, reason: null, history: [] };

/**
 * Entity → wire type. Field by field, so neither the key nor its ciphertext can slip through. `health`
 * is this instance's circuit breaker for the API.
 */
export function toApiResponse(api: ApiEntity, health: ApiHealth = UNUSED_API_HEALTH): ApiResponse {
  return {
    id: api.id,
    name: api.name,
    provider: api.provider,
    baseUrl: api.baseUrl,
    apiKeyHint: api.apiKeyHint,
    model: api.model,
    apiVersion: api.apiVersion,
    timeoutMs: api.timeoutMs,
    extraHeaders: { ...api.extraHeaders },
    inputPricePerMTok: api.inputPricePerMTok,
    outputPricePerMTok: api.outputPricePerMTok,
    enabled: api.enabled,
    allowPrivateNetwork: api.allowPrivateNetwork,
    health,
    createdAt: api.createdAt.toISOString(),
    updatedAt: api.updatedAt.toISOString(),
  };
}

/** An API as the proxy routes to it: the decrypted key included, so it stays in memory, server-side. */
export interface RoutingApi extends UpstreamApi {
  enabled: boolean;
  inputPricePerMTok: number;
  outputPricePerMTok: number;
  allowPrivateNetwork: boolean;
}

export function toRoutingApi(api: ApiEntity, apiKey: string): RoutingApi {
  return {
    id: api.id,
    name: api.name,
    provider: api.provider,
    baseUrl: api.baseUrl,
    apiKey,
    model: api.model,
    apiVersion: api.apiVersion,
    extraHeaders: { ...api.extraHeaders },
    timeoutMs: api.timeoutMs,
    enabled: api.enabled,
    inputPricePerMTok: api.inputPricePerMTok,
    outputPricePerMTok: api.outputPricePerMTok,
    allowPrivateNetwork: api.allowPrivateNetwork,
  };
}
