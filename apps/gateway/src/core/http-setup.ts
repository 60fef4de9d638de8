import { Logger, RequestMethod, ValidationPipe } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import connectPgSimple from 'connect-pg-simple';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import cookieParser from 'cookie-parser';
import session from 'express-session';
import passport from 'passport';
import { Pool } from 'pg';
import { csrfMiddleware } from '../auth/csrf';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE, SessionLimits, sessionPolicy } from '../auth/session-policy';
import { ConfigurationService } from '../configuration/configuration.service';
import { adminStaticMiddleware, adminDistDir } from './admin-static';
import { adminJsonParser } from './body-parsers';
import { v1Cors } from './cors';
import { Env } from './env';
import { deriveKey } from './secret-box';
import { securityHeaders } from './security-headers';

export { SESSION_COOKIE } from '../auth/session-policy';
/** Admin API bodies are small JSON documents; anything bigger is refused (413) before it is read whole. */
export const ADMIN_BODY_LIMIT = '100kb';

/**
 * HTTP plumbing around the Nest routes. Security headers go on everything; sessions, cookies, CSRF
 * and the JSON parser are mounted on `/api` only: `/v1` never touches the session store. `/api` sends
 * no CORS header ever (the admin app is same-origin); `/v1` allows the `corsOrigins` setting.
 */
export function configureHttp(
  app: NestExpressApplication,
  env: Env,
  secret: string,
  databaseUrl: string,
  v1Handler: RequestHandler,
): { sessionPool: Pool } {
  app.set('trust proxy', env.trustProxy ? 1 : false);
  app.disable('x-powered-by');
  app.setGlobalPrefix('api', {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.use(...securityHeaders(env));

  const configuration = app.get(ConfigurationService);
  const limits: SessionLimits = {
    idleMinutes: () => configuration.get('sessionIdleMinutes'),
    maxHours: () => configuration.get('sessionMaxHours'),
  };
  const sessionPool = new Pool({ connectionString: databaseUrl, max: 3, application_name: 'switchyard-sessions' });
  // An idle connection dropped by the server (restart, failover) must not crash the process.
  sessionPool.on('error', (err) => new Logger('Sessions').warn(`session store connection lost: ${err.message}`));
  const PgStore = connectPgSimple(session);
  // One store per middleware: express-session installs its cookie settings on the store it is given.
  const store = (prune: boolean) =>
    new PgStore({
      pool: sessionPool,
      tableName: 'admin_sessions',
      createTableIfMissing: false,
      pruneSessionInterval: prune ? 15 * 60 : false,
    });
  const sessionOptions = (name: string, path: string, secure: boolean | 'auto'): session.SessionOptions => ({
    name,
    secret: deriveKey(secret, 'session-cookie').toString('base64url'),
    store: store(secure === 'auto'),
    resave: false,
    saveUninitialized: false,
    // The idle timeout: every answer pushes the expiry out by maxAge (set per request from the setting).
    rolling: true,
    proxy: env.trustProxy,
    cookie: { httpOnly: true, sameSite: 'lax', secure, maxAge: limits.idleMinutes() * 60_000, path },
  });
  const plainSession = session(sessionOptions(SESSION_COOKIE, '/api', 'auto'));
  // Over https (behind TRUST_PROXY): `__Host-` prefix, which requires Secure and Path=/.
  const tlsSession = session(sessionOptions(SECURE_SESSION_COOKIE, '/', true));
  const sessions = (req: Request, res: Response, next: NextFunction) => (req.secure ? tlsSession : plainSession)(req, res, next);

  app.use(
    '/api',
    cookieParser(),
    adminJsonParser(ADMIN_BODY_LIMIT),
    sessions,
    passport.initialize(),
    passport.session(),
    sessionPolicy(limits),
    csrfMiddleware,
  );
  // The proxy reads its own body (size limit is a live setting) and needs no session or CSRF.
  app.use(
    '/v1',
    v1Cors(() => configuration.get('corsOrigins')),
    v1Handler,
  );
  app.use(adminStaticMiddleware(adminDistDir()));
  return { sessionPool };
}
