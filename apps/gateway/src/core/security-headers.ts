import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { IncomingMessage } from 'node:http';
import helmet from 'helmet';
import { Env } from './env';

/**
 * The admin app's Content-Security-Policy. Scripts only from the gateway's origin (the production
 * build has no inline script or event handler: critical-CSS inlining is off in angular.json).
 * `style-src 'unsafe-inline'` stays because Angular injects component styles (Material's included)
 * as `<style>` elements at runtime; styles cannot run code.
 */
export const ADMIN_CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

/** Max age of Strict-Transport-Security: one year. */
const HSTS = 'max-age=31536000';

/**
 * Security headers for every response: helmet with the strict CSP above, `nosniff`,
 * `Referrer-Policy: no-referrer`, `X-Frame-Options: DENY`. HSTS only for requests that arrived over
 * https through a trusted proxy (TRUST_PROXY): sending it over plain http would pin a host that may
 * never serve TLS.
 */
export function securityHeaders(env: Env): RequestHandler[] {
  const headers = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: ADMIN_CSP_DIRECTIVES },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
  });
  const hsts = (req: Request, res: Response, next: NextFunction) => {
    if (env.trustProxy && req.secure) res.setHeader('Strict-Transport-Security', HSTS);
    next();
  };
  return [headers, hsts];
}

/**
 * `/v1` answers are JSON or event streams for API clients, never documents: they get the headers
 * that matter for an API (OWASP REST Security) rather than the admin app's whole helmet set — no
 * sniffing, no framing, no referrer, and a CSP that allows nothing should one be opened in a browser.
 */
const V1_HEADERS: readonly string[] = [
  'Content-Security-Policy',
  "default-src 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options',
  'nosniff',
  'X-Frame-Options',
  'DENY',
  'Referrer-Policy',
  'no-referrer',
];

/**
 * Security headers of `/v1` as a new header list per request (name, value, name, value, …, as
 * `writeHead` takes them: the proxy adds its own and writes the head once); HSTS as above, from the
 * socket or (behind a trusted proxy) `X-Forwarded-Proto`, as Express's `req.secure` reads it.
 */
export function v1SecurityHeaders(env: Env): (req: IncomingMessage) => string[] {
  return (req) => {
    const head = V1_HEADERS.slice();
    if (env.trustProxy && forwardedProtocol(req) === 'https') head.push('Strict-Transport-Security', HSTS);
    return head;
  };
}

/** `req.protocol` as Express computes it when the proxy in front is trusted. */
function forwardedProtocol(req: IncomingMessage): string {
  const own = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  const header = req.headers['x-forwarded-proto'];
  if (typeof header !== 'string' || header === '') return own;
  const comma = header.indexOf(',');
  return (comma === -1 ? header : header.slice(0, comma)).trim();
}
