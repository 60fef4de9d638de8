/** Upstream provider kinds the gateway can speak to. Later issues register more. */
export type ProviderName = 'openai' | 'azure-openai' | 'anthropic' | (string & {});

/** Body of `POST /api/apis`. */
export interface CreateApiRequest {
  name: string;
  provider: ProviderName;
  baseUrl: string;
  apiKey: string;
  model: string;
  /** Provider API version (Azure `api-version`, Anthropic `anthropic-version`); null/absent: the provider's default. */
  apiVersion?: string | null;
  timeoutMs?: number;
  extraHeaders?: Record<string, string>;
  inputPricePerMTok?: number;
  outputPricePerMTok?: number;
  enabled?: boolean;
  allowPrivateNetwork?: boolean;
}

/** Body of `PATCH /api/apis/:id`: any subset of the create fields. */
export type UpdateApiRequest = Partial<CreateApiRequest>;

/** An upstream API as the admin API returns it. The key itself never leaves the server. */
export interface ApiResponse {
  id: string;
  name: string;
  provider: ProviderName;
  baseUrl: string;
  /** Last characters of the stored key, e.g. `…a1b2`. */
  apiKeyHint: string;
  model: string;
  /** Null: the provider's default version. (Optional in the type only so older fixtures still compile.) */
  apiVersion?: string | null;
  timeoutMs: number;
  extraHeaders: Record<string, string>;
  inputPricePerMTok: number;
  outputPricePerMTok: number;
  enabled: boolean;
  allowPrivateNetwork: boolean;
  /** Circuit-breaker state on the instance that answered. */
  health: ApiHealth;
  createdAt: string;
  updatedAt: string;
}

/** Circuit-breaker state of an upstream API, as this instance sees it. */
export interface ApiHealth {
  /** closed: taking traffic; open: skipped until the cooldown ends; half-open: one probe allowed. */
  state: 'closed' | 'open' | 'half-open';
  /** When the current state began (null: never changed since start). */
  since: string | null;
  consecutiveFailures: number;
  /** Why the breaker opened (last failure), e.g. "503 from upstream" or "connection refused". */
  reason: string | null;
  /** Recent transitions, newest first (bounded). */
  history: { at: string; state: 'closed' | 'open' | 'half-open'; reason: string | null }[];
}

/** `GET /api/providers`: provider names an API may use (built-ins plus registered modules). */
export interface ProviderInfo {
  name: string;
}

/** Outcome of `POST /api/apis/:id/test`. */
export interface ApiTestResult {
  ok: boolean;
  status: number | null;
  latencyMs: number;
  /** Model ids the upstream listed, when it answered. */
  models: string[];
  /** Whether the API's configured model is among them (null when the list is unavailable). */
  modelFound: boolean | null;
  error: string | null;
}
