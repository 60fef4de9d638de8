import type { NextFunction, Request, RequestHandler, Response } from 'express';

export const SESSION_COOKIE = 'switchyard.sid';
/** Over TLS: `__Host-` makes browsers refuse the cookie unless Secure, host-only and `Path=/`. */
export const SECURE_SESSION_COOKIE = '__Host-switchyard.sid';

declare module 'express-session' {
  interface SessionData {
    /** When the admin signed in (epoch ms): the absolute lifetime counts from here. */
    loginAt?: number;
  }
}

/** Name and path of the session cookie for this request (https → `__Host-` variant on `/`). */
export function sessionCookieOf(req: Request): { name: string; path: string } {
  return req.secure ? { name: SECURE_SESSION_COOKIE, path: '/' } : { name: SESSION_COOKIE, path: '/api' };
}

export interface SessionLimits {
  idleMinutes(): number;
  maxHours(): number;
}

/** Starts the clocks of a freshly signed-in session. */
export function startSessionClock(req: Request, limits: SessionLimits): void {
  req.session.loginAt = Date.now();
  req.session.cookie.maxAge = limits.idleMinutes() * 60_000;
}

/**
 * Idle and absolute session lifetimes from the live settings. The idle timeout is the cookie's
 * rolling maxAge (the store expires the row with it); the absolute one is checked here against the
 * login time, destroying the session once it is older than `sessionMaxHours`, however active.
 */
export function sessionPolicy(limits: SessionLimits): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.session) return next();
    req.session.cookie.maxAge = limits.idleMinutes() * 60_000;
    if (!req.user) return next();
    const loginAt = req.session.loginAt;
    if (loginAt !== undefined && Date.now() - loginAt <= limits.maxHours() * 3_600_000) return next();
    const { name, path } = sessionCookieOf(req);
    req.session.destroy((err: unknown) => {
      if (err) return next(err);
      req.user = undefined;
      res.clearCookie(name, { path });
      next();
    });
  };
}
