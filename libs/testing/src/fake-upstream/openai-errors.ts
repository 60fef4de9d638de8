import type { Reply } from './types';

/** The body OpenAI sends with an error status. */
export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** An OpenAI-shaped error body. */
export function openAiErrorBody(message: string, type: string, code: string | null = null, param: string | null = null): OpenAiErrorBody {
  return { error: { message, type, param, code } };
}

/** A JSON error reply in OpenAI's shape. */
export function errorReply(status: number, message: string, type: string, code: string | null = null, param: string | null = null): Reply {
  return { type: 'json', status, body: openAiErrorBody(message, type, code, param) };
}

/** What OpenAI says for a status when a test does not supply its own body. */
export function defaultErrorBody(status: number): OpenAiErrorBody {
  switch (status) {
    case 400:
      return openAiErrorBody('Invalid request (fake upstream).', 'invalid_request_error');
    case 401:
      return openAiErrorBody('Incorrect API key provided (fake upstream).', 'invalid_request_error', 'invalid_api_key');
    case 403:
      return openAiErrorBody('You are not allowed to do this (fake upstream).', 'invalid_request_error');
    case 404:
      return openAiErrorBody('Not found (fake upstream).', 'invalid_request_error', 'not_found');
    case 429:
      return openAiErrorBody('Rate limit reached for requests (fake upstream).', 'requests', 'rate_limit_exceeded');
    case 503:
      return openAiErrorBody('The engine is currently overloaded (fake upstream).', 'server_error');
    default:
      return status >= 500
        ? openAiErrorBody('The server had an error while processing your request (fake upstream).', 'server_error')
        : openAiErrorBody(`Request failed with status ${status} (fake upstream).`, 'invalid_request_error');
  }
}

/** 400 unless each field is present in the body. */
export function requireFields(body: Record<string, unknown>, fields: string[]): Reply | undefined {
  const missing = fields.find((f) => body[f] === undefined || body[f] === null);
  if (missing === undefined) return undefined;
  return errorReply(400, `Missing required parameter: '${missing}'.`, 'invalid_request_error', 'missing_required_parameter', missing);
}
