import { Logger, RequestMethod, ValidationPipe } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import connectPgSimple from 'connect-pg-simple';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import cookieParser from 'cookie-parser';
import session from 'express-session';
import passport from 'passport';
import { createHook } from 'node:async_hooks';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { Pool } from 'pg';
import { csrfMiddleware } from '../auth/csrf';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE, SessionLimits, sessionPolicy } from '../auth/session-policy';
import { ConfigurationService } from '../configuration/configuration.service';
import { adminStaticMiddleware, adminDistDir } from './admin-static';
import { adminJsonParser } from './body-parsers';
import { v1Cors } from './cors';
import { Env } from './env';
import { Lifecycle } from './lifecycle';
import { deriveKey } from './secret-box';
import { securityHeaders, v1SecurityHeaders } from './security-headers';

/**
 * The `/v1` proxy: plain node:http objects; `clientIp` as Express's `req.ip` would give it; `head` the
 * headers every answer carries (the security headers), as a list the proxy adds to and writes once.
 */
export type V1Handler = (req: IncomingMessage, res: ServerResponse, clientIp: string | null, head: string[]) => void;

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
  v1Handler: V1Handler,
): { sessionPool: Pool } {
  primeResponseLayout();
  pinTickObjectLayout();
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
  // Everything but `/v1` (the admin app, /api, /health) gets helmet's set; `/v1` its API set, below.
  const isV1 = (req: Request) => /^\/v1(\/|$)/i.test(req.path);
  const security = securityHeaders(env).map(
    (handler): RequestHandler =>
      (req, res, next) =>
        isV1(req) ? next() : handler(req, res, next),
  );
  app.use(...security);

  const configuration = app.get(ConfigurationService);
  const limits: SessionLimits = {
    idleMinutes: () => configuration.get('sessionIdleMinutes'),
    maxHours: () => configuration.get('sessionMaxHours'),
  };
  const sessionPool = new Pool({ connectionString: databaseUrl, max: 3, application_name: 'switchyard-sessions' });
  // An idle connection dropped by the server (restart, failover) must not crash the process. While the
  // gateway shuts down it is expected: pool.end() does not wait for its idle connections to finish
  // closing, and the embedded database stops right after.
  const lifecycle = app.get(Lifecycle);
  sessionPool.on('error', (err) => {
    if (!lifecycle.shuttingDown) new Logger('Sessions').warn(`session store connection lost: ${err.message}`);
  });
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
  const cors = v1Cors(() => configuration.get('corsOrigins'));
  const v1Head = v1SecurityHeaders(env);
  const v1 = (req: IncomingMessage, res: ServerResponse, ip: string | null) => {
    const head = v1Head(req);
    cors(req, res, head, () => v1Handler(req, res, ip, head));
  };
  const viaExpress = (req: Request, res: Response) => v1(req, res, req.ip ?? null);
  app.use('/v1', viaExpress);
  // The same for `/v1/…` on the plain node:http objects, without Express (docs/performance.md).
  const direct = (req: IncomingMessage, res: ServerResponse) => v1(req, res, clientIp(req, env.trustProxy));
  mountV1FastPath(app, viaExpress, security, direct);
  app.use(adminStaticMiddleware(adminDistDir()));
  return { sessionPool };
}

/**
 * Builds one throwaway `ServerResponse` before the server takes any traffic. Measured on Node 20
 * (V8 11.3) with `%HasFastProperties`: when the first responses the process built were the admin
 * API's (the bench's set-up: login, then creating an API, an alias and a user through Express), every
 * response built from then on, `/v1`'s included, was a dictionary-mode object (slow properties), which
 * cost ~6 KB more allocation per call (40 -> 34 KB, V8's sampling heap profiler) and 11-18 % more CPU
 * per call (A/B of two gateways under the same load). One plain response built first keeps every later one
 * fast. Which step of those first requests tips V8 over was not pinned down: the same requests in an
 * Express-only process, or in another order, stay fast. docs/performance.md (fourth pass).
 */
export function primeResponseLayout(): void {
  const req = new IncomingMessage(new Socket());
  req.method = 'GET';
  req.httpVersionMajor = 1;
  req.httpVersionMinor = 1;
  new ServerResponse(req);
}

let pinnedTickObject_: object | null = null;

/**
 * Keeps one of `process.nextTick`'s tick objects alive for the life of the process. Node builds each
 * as an object literal with two computed (symbol) keys; V8 keeps the shape it learnt for that literal
 * only while an object of that shape is alive. An idle gateway has none: the memory reducer's
 * mark-compacts (~8 s after the start-up traffic) drop the shape, and from then on every tick object —
 * several per call, from Node's streams and HTTP server — was defined through V8's runtime (~4 µs of
 * CPU per proxied call, `perf`: DefineKeyedOwnPropertyInLiteral, MigrateToMap, map transitions under
 * `nextTick`). One object kept keeps the shape, and the literal on its fast path. docs/performance.md
 * (seventh and thirteenth passes).
 */
export function pinTickObjectLayout(): void {
  if (pinnedTickObject_ !== null) return;
  // The only way to a tick object from outside Node's internals: an async hook's `init` is given it.
  const hook = createHook({
    init(_asyncId, type, _triggerAsyncId, resource: object) {
      if (type === 'TickObject') pinnedTickObject_ ??= resource;
    },
  });
  hook.enable();
  process.nextTick(() => undefined);
  hook.disable();
}

/** The tick object `pinTickObjectLayout` holds (for its spec). */
export const pinnedTickObject = (): object | null => pinnedTickObject_;

/**
 * The client's address as Express's `req.ip` gives it with `trust proxy` = 1 (TRUST_PROXY) or off: the
 * last `X-Forwarded-For` entry (added by the one trusted proxy), else the socket's peer address.
 */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string | null {
  const own = req.socket.remoteAddress ?? null;
  if (!trustProxy) return own;
  const header = req.headers['x-forwarded-for'];
  if (typeof header !== 'string') return own;
  const last = header.slice(header.lastIndexOf(',') + 1).trim();
  return last === '' ? own : last;
}

type Layer = { handle: unknown; match(path: string): boolean };
type ExpressApp = {
  handle(req: IncomingMessage, res: ServerResponse, callback?: unknown): void;
  router: { stack: Layer[] };
};

/** The layer Nest's Express adapter adds in its constructor: a no-op while no hook is set. */
function isAdapterHookLayer(layer: Layer): boolean {
  return typeof layer.handle === 'function' && layer.handle.toString().includes('onRequestHook');
}

/**
 * `/v1/…` straight to the proxy on the plain `node:http` request and response, without Express: its
 * router walks every layer registered before `/v1` on every call (matching each path) and switches
 * the prototypes of `req` and `res` (which also slows every later property access on them), for a
 * pipeline that does nothing else on `/v1`. `direct` runs the same steps as the Express mount: the
 * `/v1` security headers, CORS, the proxy.
 *
 * Taken only while nothing else is mounted on `/v1`: on the first `/v1` call the router's layers up to
 * the `/v1` mount are checked, and any other one matching `/v1/…` (the debug access log, say) sends
 * every call through Express as before; so do Nest request/response hooks and paths that are not
 * exactly `/v1/…` (`/V1/…`).
 */
function mountV1FastPath(
  app: NestExpressApplication,
  mountMarker: unknown,
  ownLayers: unknown[],
  direct: (req: IncomingMessage, res: ServerResponse) => void,
): void {
  const express = app.getHttpAdapter().getInstance() as unknown as ExpressApp;
  const viaExpress = express.handle.bind(express);
  let taken: boolean | undefined;
  const onlyOurs = (): boolean => {
    for (const layer of express.router.stack) {
      if (layer.handle === mountMarker) return true;
      if (ownLayers.includes(layer.handle) || isAdapterHookLayer(layer)) continue;
      if (layer.match('/v1/chat/completions')) return false;
    }
    return false;
  };
  // Nest's adapter puts a layer first that runs its request/response hooks when some are set.
  const adapter = app.getHttpAdapter() as unknown as { onRequestHook?: unknown; onResponseHook?: unknown };
  express.handle = (req, res, callback) => {
    const url = req.url;
    if (url === undefined || !url.startsWith('/v1/') || !(taken ??= onlyOurs()) || adapter.onRequestHook || adapter.onResponseHook)
      return viaExpress(req, res, callback);
    try {
      direct(req, res);
    } catch (err) {
      new Logger('HTTP').error(`/v1 pipeline failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    }
  };
}
