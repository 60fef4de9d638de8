import type { IncomingMessage, ServerResponse } from 'node:http';

/** Request headers a browser client of `/v1` may send (the OpenAI SDK adds `openai-*` and `x-stainless-*`). */
const ALLOWED_HEADERS = new Set(['authorization', 'content-type', 'x-api-key', 'accept']);
const ALLOWED_HEADER_PREFIXES = ['openai-', 'x-stainless-'];
const ALLOWED_METHODS = 'GET, POST, OPTIONS';
/** Response headers a browser client may read. */
const EXPOSED_HEADERS = [
  'x-request-id',
  'retry-after',
  'x-ratelimit-limit-requests',
  'x-ratelimit-remaining-requests',
  'x-ratelimit-reset-requests',
  'x-ratelimit-limit-tokens',
  'x-ratelimit-remaining-tokens',
  'x-ratelimit-reset-tokens',
].join(', ');
const PREFLIGHT_MAX_AGE_S = '600';

function normalizeOrigin(origin: string): string {
  return origin.trim().replace(/\/+$/, '').toLowerCase();
}

/** The `corsOrigins` setting parsed: `'*'`, a set of origins, or an empty set (closed). */
export function parseCorsOrigins(setting: string): '*' | Set<string> {
  const entries = setting
    .split(',')
    .map(normalizeOrigin)
    .filter((o) => o.length > 0);
  return entries.includes('*') ? '*' : new Set(entries);
}

function allowedHeader(name: string): boolean {
  return ALLOWED_HEADERS.has(name) || ALLOWED_HEADER_PREFIXES.some((p) => name.startsWith(p));
}

/** Adds `Origin` to the response's `Vary` header (keeping what is there). */
function varyOrigin(res: ServerResponse): void {
  const vary = res.getHeader('vary');
  if (vary === undefined) res.setHeader('Vary', 'Origin');
  else if (!/(^|,)\s*(origin|\*)\s*(,|$)/i.test(String(vary))) res.setHeader('Vary', `${String(vary)}, Origin`);
}

/**
 * A CORS step: calls `next` unless it answered the request itself (a preflight, written with `head`:
 * the headers every `/v1` answer carries, as a list).
 */
export type V1CorsHandler = (req: IncomingMessage, res: ServerResponse, head: string[], next: () => void) => void;

/**
 * CORS for `/v1`, from the live `corsOrigins` setting (read on every request). An allowed origin gets
 * `Access-Control-Allow-Origin` on every answer, and preflights are answered here with 204 and the
 * allowed methods and headers; other origins get no CORS header at all (the browser blocks them).
 * No credentials: `/v1` authenticates with an API key header, never a cookie. Works on plain
 * `node:http` objects (the `/v1` fast path) as well as Express's.
 */
export function v1Cors(corsOrigins: () => string): V1CorsHandler {
  // The setting parsed once per value it takes, not per request.
  let setting: string | null = null;
  let parsed: '*' | Set<string> = new Set();
  const allowedOrigins = () => {
    const current = corsOrigins();
    if (current !== setting) {
      parsed = parseCorsOrigins(current);
      setting = current;
    }
    return parsed;
  };
  return (req, res, head, next) => {
    const origin = req.headers.origin;
    // No Origin header: not a browser's cross-origin call, nothing to add (the usual API client).
    if (origin === undefined) return next();
    const requestMethod = req.headers['access-control-request-method'];
    const preflight = req.method === 'OPTIONS' && requestMethod !== undefined;
    const allowed = allowedOrigins();
    const allow = allowed === '*' || allowed.has(normalizeOrigin(origin));
    varyOrigin(res);
    if (allow) {
      res.setHeader('Access-Control-Allow-Origin', allowed === '*' ? '*' : origin);
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    }
    if (!preflight) return next();
    if (allow) {
      const requested = (req.headers['access-control-request-headers'] ?? '')
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter((h) => h.length > 0 && allowedHeader(h));
      res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
      res.setHeader('Access-Control-Allow-Headers', [...new Set(['authorization', 'content-type', 'x-api-key', ...requested])].join(', '));
      res.setHeader('Access-Control-Max-Age', PREFLIGHT_MAX_AGE_S);
    }
    res.writeHead(204, head);
    res.end();
  };
}
