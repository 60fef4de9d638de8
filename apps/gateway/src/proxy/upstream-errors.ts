import { errors, ProxyError } from './openai-error';

/** How an upstream call failed before we had an answer (or while reading it). */
export function classifyUpstreamFailure(err: unknown, timeoutMs: number): ProxyError {
  const code = (err as { code?: string }).code ?? '';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return errors.upstreamTimeout(timeoutMs);
  }
  const detail: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host lookup failed',
    EHOSTUNREACH: 'host unreachable',
    UND_ERR_SOCKET: 'connection closed unexpectedly',
    UND_ERR_CLOSED: 'connection closed unexpectedly',
    EADDRNOTALLOWED: 'the upstream address is not allowed (loopback, private, link-local or metadata; see allowPrivateNetwork)',
  };
  const cause = (err as { cause?: { code?: string } }).cause?.code ?? '';
  return errors.upstreamUnavailable(detail[code] ?? detail[cause] ?? 'network error');
}

export function isAbort(err: unknown): boolean {
  const e = err as { name?: string; code?: string };
  return e?.name === 'AbortError' || e?.code === 'UND_ERR_ABORTED' || e?.code === 'ABORT_ERR';
}
