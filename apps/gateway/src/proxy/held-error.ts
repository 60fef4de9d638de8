import { defaultClassifyError, ProviderAdapter, UpstreamErrorFields, upstreamErrorFields } from '@switchyard/providers';
import { sendJson } from './openai-error';
import { addUpstreamId, MAX_ERROR_BODY, RelayOptions, RelayResult } from './relay';

/** An upstream error answer, read whole but not yet written: failover decides whether the client sees it. */
export interface HeldUpstreamError {
  /** The upstream's own message (or the start of its body), for the routing trace. */
  message: string;
  /** What the adapter (or the default classification) says about trying elsewhere. */
  retryable: boolean;
  /** Relays the error to the client exactly as the relay would have done straight away. */
  finish: () => Promise<RelayResult>;
}

/** Reads an error answer's body (up to 64 KiB) so it can be classified before anything is written. */
export async function heldUpstreamError(opts: RelayOptions, adapter: ProviderAdapter): Promise<HeldUpstreamError> {
  const { upstream } = opts;
  const text = (await upstream.body.collect(MAX_ERROR_BODY)).body.toString('utf8');
  const classification = adapter.classifyError?.(upstream.statusCode, text) ?? defaultClassifyError(upstream.statusCode);
  const fields = parsedErrorFields(text);
  const message = (fields.message ?? text).replace(/\s+/g, ' ').trim().slice(0, 300);
  return {
    message: message || `upstream answered ${upstream.statusCode}`,
    retryable: classification.retryable,
    finish: () => Promise.resolve(sendUpstreamError(opts, text, fields)),
  };
}

/** The fields of an error body, or none when it is not JSON (an HTML error page, a proxy's text). */
function parsedErrorFields(text: string): UpstreamErrorFields {
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: the text itself is the message
  }
  return upstreamErrorFields(body);
}

/** The held error to the client: same status, OpenAI-shaped body with the upstream's own fields. */
function sendUpstreamError(opts: RelayOptions, text: string, fields: UpstreamErrorFields): RelayResult {
  const { res, upstream } = opts;
  const error = {
    message: fields.message ?? (text.slice(0, 500) || `Upstream answered ${upstream.statusCode}`),
    type: opts.translation?.errorType?.(upstream.statusCode, text) ?? fields.type ?? 'upstream_error',
    param: fields.param,
    code: fields.code,
  };
  if (!res.headersSent && !opts.clientGone()) sendJson(res, upstream.statusCode, { error }, addUpstreamId(opts.head, upstream));
  return {
    statusCode: upstream.statusCode,
    ttftMs: null,
    usage: null,
    completionChars: 0,
    errorType: error.type,
    errorMessage: error.message,
  };
}

/** `Retry-After` in milliseconds (seconds or an HTTP date); null when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
