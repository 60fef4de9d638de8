import type { NextFunction, Request, RequestHandler, Response } from 'express';
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
