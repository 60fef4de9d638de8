import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

/** The signed-in admin behind the current `/api` call, as services see it without the request. */
export interface Actor {
  adminId: string;
  username: string;
}

interface RequestContext {
  /** Read live: sign-in sets `req.user` (and regenerates the session) after the middleware ran. */
  readonly actor: () => Actor | null;
  readonly sessionId: () => string | undefined;
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * Express middleware for `/api`, mounted after passport: runs the rest of the request inside a context
 * that lets services ask who is acting ({@link currentActor}) without controllers passing it down.
 */
export function requestContextMiddleware(req: Request, _res: Response, next: NextFunction): void {
  const context: RequestContext = {
    actor: () => (req.user ? { adminId: req.user.id, username: req.user.username } : null),
    sessionId: () => req.sessionID,
  };
  storage.run(context, next);
}

/** The admin of the current `/api` request; null outside one (CLI, jobs, the proxy). */
export function currentActor(): Actor | null {
  return storage.getStore()?.actor() ?? null;
}

/** The session id of the current `/api` request, if it has a session. */
export function currentSessionId(): string | undefined {
  return storage.getStore()?.sessionId();
}
