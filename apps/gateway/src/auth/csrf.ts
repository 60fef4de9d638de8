import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const CSRF_COOKIE = 'XSRF-TOKEN';
export const CSRF_HEADER = 'x-xsrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Login has no session to protect yet; it issues a fresh token instead. */
const EXEMPT = new Set(['/api/auth/login']);

function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Sets a new XSRF-TOKEN cookie (readable by the admin app's JS, which echoes it as X-XSRF-TOKEN). */
export function issueCsrfToken(req: Request, res: Response): string {
  const token = randomBytes(32).toString('base64url');
  // Bound to the session once signed in; anonymous visitors get no session row for it.
  if (req.session && req.user) req.session.csrfToken = token;
  res.cookie(CSRF_COOKIE, token, { httpOnly: false, sameSite: 'lax', secure: req.secure, path: '/' });
  return token;
}

/**
 * Double-submit CSRF check for `/api`: mutating calls must send X-XSRF-TOKEN equal to the XSRF-TOKEN
 * cookie and, once signed in, to the token bound to the session. Safe calls get a cookie if they lack one.
 */
export function csrfMiddleware(req: Request, res: Response, next: NextFunction): void {
  const cookies = (req as Request & { cookies?: Record<string, string> }).cookies ?? {};
  const cookieToken = cookies[CSRF_COOKIE];
  if (SAFE_METHODS.has(req.method)) {
    if (!cookieToken || (req.session?.csrfToken && req.session.csrfToken !== cookieToken)) {
      if (req.session?.csrfToken)
        res.cookie(CSRF_COOKIE, req.session.csrfToken, { httpOnly: false, sameSite: 'lax', secure: req.secure, path: '/' });
      else issueCsrfToken(req, res);
    }
    next();
    return;
  }
  if (EXEMPT.has(req.originalUrl.split('?')[0])) {
    next();
    return;
  }
  const headerToken = req.get(CSRF_HEADER);
  const sessionToken = req.session?.csrfToken;
  const valid = sameToken(headerToken, cookieToken) && (!sessionToken || sameToken(headerToken, sessionToken));
  if (!valid) {
    res.status(403).json({
      statusCode: 403,
      message: 'Missing or invalid CSRF token (send X-XSRF-TOKEN with the XSRF-TOKEN cookie value)',
      error: 'Forbidden',
    });
    return;
  }
  next();
}
