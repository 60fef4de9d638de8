import { defaultClassifyError, ProviderAdapter } from '@switchyard/providers';
import { MAX_ERROR_BODY, RelayOptions, RelayResult, sendUpstreamError } from './relay';

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
  return {
    message: upstreamMessage(text) || `upstream answered ${upstream.statusCode}`,
    retryable: classification.retryable,
    finish: () => Promise.resolve(sendUpstreamError(opts, text)),
  };
}

function upstreamMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: unknown; message?: unknown };
    const e = parsed.error;
    const message = typeof e === 'string' ? e : typeof e === 'object' && e !== null ? (e as { message?: unknown }).message : parsed.message;
    if (typeof message === 'string') return message.slice(0, 300);
  } catch {
    // not JSON: the start of the text
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** `Retry-After` in milliseconds (seconds or an HTTP date); null when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
