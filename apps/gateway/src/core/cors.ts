import type { NextFunction, Request, RequestHandler, Response } from 'express';

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

/**
 * CORS for `/v1`, from the live `corsOrigins` setting (read on every request). An allowed origin gets
 * `Access-Control-Allow-Origin` on every answer, and preflights are answered here with 204 and the
 * allowed methods and headers; other origins get no CORS header at all (the browser blocks them).
 * No credentials: `/v1` authenticates with an API key header, never a cookie.
 */
export function v1Cors(corsOrigins: () => string): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.get('origin');
    const preflight = req.method === 'OPTIONS' && origin !== undefined && req.get('access-control-request-method') !== undefined;
    const allowed = origin === undefined ? '*' : parseCorsOrigins(corsOrigins());
    const allow = origin !== undefined && (allowed === '*' || allowed.has(normalizeOrigin(origin)));
    if (origin !== undefined) res.vary('Origin');
    if (allow) {
      res.setHeader('Access-Control-Allow-Origin', allowed === '*' ? '*' : origin);
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    }
    if (!preflight) return next();
    if (allow) {
      const requested = (req.get('access-control-request-headers') ?? '')
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter((h) => h.length > 0 && allowedHeader(h));
      res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
      res.setHeader('Access-Control-Allow-Headers', [...new Set(['authorization', 'content-type', 'x-api-key', ...requested])].join(', '));
      res.setHeader('Access-Control-Max-Age', PREFLIGHT_MAX_AGE_S);
    }
    res.status(204).end();
  };
}
