import type { ServerResponse } from 'node:http';
import { addHeaders, HeaderList } from './headers';

/** OpenAI's error body: `{"error":{"message","type","param","code"}}`. */
export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export class ProxyError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
    readonly code: string | null = null,
    readonly param: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): OpenAiErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export const errors = {
  missingKey: () =>
    new ProxyError(
      401,
      'Missing API key. Send it as "Authorization: Bearer sk-..." or "x-api-key".',
      'invalid_request_error',
      'missing_api_key',
      null,
      {
        'www-authenticate': 'Bearer',
      },
    ),
  invalidKey: () =>
    new ProxyError(401, 'Invalid API key.', 'invalid_request_error', 'invalid_api_key', null, { 'www-authenticate': 'Bearer' }),
  disabledKey: () =>
    new ProxyError(401, 'This API key is disabled.', 'invalid_request_error', 'invalid_api_key', null, { 'www-authenticate': 'Bearer' }),
  expiredKey: () =>
    new ProxyError(401, 'This API key has expired.', 'invalid_request_error', 'expired_api_key', null, { 'www-authenticate': 'Bearer' }),
  unknownRoute: (method: string, path: string) =>
    new ProxyError(404, `Unknown route: ${method} /v1${path}`, 'invalid_request_error', 'unknown_url'),
  methodNotAllowed: (method: string, path: string) =>
    new ProxyError(405, `Method ${method} is not allowed on /v1${path}`, 'invalid_request_error', 'method_not_allowed'),
  modelNotFound: (model: string) =>
    new ProxyError(
      404,
      `The model '${model}' does not exist or you do not have access to it.`,
      'invalid_request_error',
      'model_not_found',
      'model',
    ),
  modelNotAllowed: (model: string) =>
    new ProxyError(403, `This API key is not allowed to use the model '${model}'.`, 'permission_error', 'model_not_allowed', 'model'),
  missingModel: () => new ProxyError(400, 'The request body must include "model".', 'invalid_request_error', 'missing_model', 'model'),
  malformedJson: () => new ProxyError(400, 'The request body is not valid JSON.', 'invalid_request_error', 'invalid_json'),
  notAnObject: () => new ProxyError(400, 'The request body must be a JSON object.', 'invalid_request_error', 'invalid_body'),
  bodyTooLarge: (limitMb: number) =>
    // The rest of the upload is not read: close the connection instead of draining it.
    new ProxyError(413, `The request body is larger than ${limitMb} MB.`, 'invalid_request_error', 'request_too_large', null, {
      connection: 'close',
    }),
  noUpstream: (model: string) =>
    new ProxyError(503, `No enabled upstream API serves the model '${model}'.`, 'server_error', 'no_upstream_available', 'model'),
  allTargetsOpen: (model: string) =>
    new ProxyError(
      503,
      `Every upstream API of the model '${model}' is failing and temporarily out of routing; try again shortly.`,
      'server_error',
      'upstream_unavailable',
    ),
  unsupportedProvider: (provider: string) =>
    new ProxyError(502, `The upstream provider '${provider}' is not supported by this gateway.`, 'server_error', 'unsupported_provider'),
  upstreamUnavailable: (detail: string) =>
    new ProxyError(502, `The upstream API could not be reached: ${detail}.`, 'upstream_error', 'upstream_unreachable'),
  upstreamTimeout: (ms: number) =>
    new ProxyError(504, `The upstream API did not answer within ${ms} ms.`, 'upstream_error', 'upstream_timeout'),
  budgetExceeded: (budgetUsd: number, period: string, spentUsd: number, resetsAt: Date | null) =>
    new ProxyError(
      429,
      `Budget exhausted: this API key may spend $${budgetUsd.toFixed(2)} ${period === 'total' ? 'in total' : `per ${period}`} and has spent $${spentUsd.toFixed(4)}.` +
        (resetsAt ? ` It resets at ${resetsAt.toISOString()}.` : ' Ask an administrator to raise it.'),
      'insufficient_quota',
      'insufficient_quota',
    ),
  clientClosed: () =>
    new ProxyError(
      499,
      'The client closed the connection before the request was complete',
      'client_closed_request',
      'client_closed_request',
    ),
  internal: () => new ProxyError(500, 'The gateway failed to handle this request.', 'server_error', 'internal_error'),
};

const NO_HEADERS: Readonly<Record<string, string>> = {};

/** Sends `value` as the whole JSON answer, with the call's `head` and `headers` (added to `head`). */
export function sendJson(res: ServerResponse, status: number, value: unknown, head: HeaderList, headers = NO_HEADERS): void {
  const payload = JSON.stringify(value);
  addHeaders(head, headers).push('content-type', 'application/json; charset=utf-8', 'content-length', String(Buffer.byteLength(payload)));
  res.writeHead(status, head);
  res.end(payload);
}

/** Sends an OpenAI-shaped JSON error with the call's `head` unless the response has already started. */
export function sendError(res: ServerResponse, err: ProxyError, head: HeaderList): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, err.status, err.body(), head, err.headers);
}
