import { Logger, RequestMethod, ValidationPipe } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import connectPgSimple from 'connect-pg-simple';
import type { RequestHandler } from 'express';
import cookieParser from 'cookie-parser';
import session from 'express-session';
import passport from 'passport';
import { Pool } from 'pg';
import { csrfMiddleware } from '../auth/csrf';
import { adminStaticMiddleware, adminDistDir } from './admin-static';
import { adminJsonParser } from './body-parsers';
import { Env } from './env';
import { deriveKey } from './secret-box';

export const SESSION_COOKIE = 'switchyard.sid';
const SESSION_MAX_AGE_MS = 12 * 60 * 60 * 1000;

/**
 * HTTP plumbing around the Nest routes. Sessions, cookies, CSRF and the JSON parser are mounted on
 * `/api` only: `/v1` never touches the session store.
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
    ],
  });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));

  const sessionPool = new Pool({ connectionString: databaseUrl, max: 3, application_name: 'switchyard-sessions' });
  // An idle connection dropped by the server (restart, failover) must not crash the process.
  sessionPool.on('error', (err) => new Logger('Sessions').warn(`session store connection lost: ${err.message}`));
  const PgStore = connectPgSimple(session);
  app.use(
    '/api',
    cookieParser(),
    adminJsonParser('1mb'),
    session({
      name: SESSION_COOKIE,
      secret: deriveKey(secret, 'session-cookie').toString('base64url'),
      store: new PgStore({ pool: sessionPool, tableName: 'admin_sessions', createTableIfMissing: false, pruneSessionInterval: 15 * 60 }),
      resave: false,
      saveUninitialized: false,
      rolling: true,
      proxy: env.trustProxy,
      cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: SESSION_MAX_AGE_MS, path: '/api' },
    }),
    passport.initialize(),
    passport.session(),
    csrfMiddleware,
  );
  // The proxy reads its own body (size limit is a live setting) and needs no session or CSRF.
  app.use('/v1', v1Handler);
  app.use(adminStaticMiddleware(adminDistDir()));
  return { sessionPool };
}
