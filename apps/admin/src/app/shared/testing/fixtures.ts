import type { AliasResponse, ApiHealth, ApiResponse, RequestLogDetail, UserResponse, UserWithKeyResponse } from '@switchyard/contracts';

/** Wire objects for specs, as the gateway answers them; override what a test is about. */
export function makeApi(overrides: Partial<ApiResponse> = {}): ApiResponse {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    name: 'openai-main',
    provider: 'openai',
    baseUrl: 'https://api.openai.com/v1',
    apiKeyHint: '…a1b2',
    model: 'gpt-4o-mini',
    timeoutMs: 300000,
    extraHeaders: {},
    inputPricePerMTok: 0.15,
    outputPricePerMTok: 0.6,
    enabled: true,
    allowPrivateNetwork: false,
    apiVersion: null,
    health: makeHealth(),
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** A closed breaker that never tripped, unless overridden. */
export function makeHealth(overrides: Partial<ApiHealth> = {}): ApiHealth {
  return { state: 'closed', since: null, consecutiveFailures: 0, reason: null, history: [], ...overrides };
}

/** `GET /api/logs/:id`: a served chat call with one routing attempt, unless overridden. */
export function makeLogDetail(overrides: Partial<RequestLogDetail> = {}): RequestLogDetail {
  return {
    id: '1',
    requestId: 'req-1',
    createdAt: '2030-01-01T12:00:00.000Z',
    userId: 'u1',
    model: 'gpt-fast',
    apiId: '11111111-1111-4111-8111-111111111111',
    upstreamModel: 'gpt-4o-mini',
    endpoint: '/v1/chat/completions',
    statusCode: 200,
    stream: false,
    latencyMs: 812,
    ttftMs: null,
    promptTokens: 10,
    completionTokens: 5,
    totalTokens: 15,
    usageSource: 'upstream',
    costUsd: 0.0012,
    errorType: null,
    errorMessage: null,
    attempts: [],
    apiName: 'openai-main',
    clientIp: '10.0.0.7',
    requestBody: null,
    responseBody: null,
    bodiesTruncated: false,
    ...overrides,
  };
}

export function makeAlias(overrides: Partial<AliasResponse> = {}): AliasResponse {
  return {
    id: '33333333-3333-4333-8333-333333333333',
    alias: 'gpt-4o',
    description: 'Main chat model',
    strategy: 'priority',
    enabled: true,
    targets: [{ apiId: '11111111-1111-4111-8111-111111111111', apiName: 'openai-main', weight: 1, priority: 0 }],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function makeUser(overrides: Partial<UserResponse> = {}): UserResponse {
  return {
    id: '55555555-5555-4555-8555-555555555555',
    name: 'alice',
    keyPrefix: 'sk-sy-ab12',
    allowedModels: ['*'],
    rateLimitRpm: null,
    rateLimitTpm: 0,
    budgetUsd: 25,
    budgetPeriod: 'month',
    spentUsd: 3.5,
    enabled: true,
    expiresAt: null,
    lastUsedAt: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function makeUserWithKey(overrides: Partial<UserWithKeyResponse> = {}): UserWithKeyResponse {
  return { ...makeUser(), apiKey: 'sk-sy-ab12-THE-SECRET-KEY-0123456789', ...overrides };
}

/** The error body Nest sends, with its status, for `TestRequest.flush`. */
export function nestError(status: number, message: string | string[]): [object, { status: number; statusText: string }] {
  const error = { 400: 'Bad Request', 404: 'Not Found', 409: 'Conflict', 500: 'Internal Server Error' }[status] ?? 'Error';
  return [
    { statusCode: status, message, error },
    { status, statusText: error },
  ];
}
