import { INestApplication, Logger, LoggerService, LogLevel as NestLogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { AppModule, AppModuleOptions } from '../app.module';
import { AuthService } from '../auth/auth.service';
import { InFlight, SHUTDOWN_GRACE_MS } from '../proxy/in-flight';
import { ProxyHandler } from '../proxy/proxy.handler';
import { dataSourceOptions, DatabaseHandle, openDatabase } from './database';
import { databaseUnavailableMiddleware, DatabaseUnavailableFilter } from './database-unavailable.filter';
import { Env, LOG_LEVELS } from './env';
import { configureHttp } from './http-setup';
import { accessLog, AppLogger, createAppLogger } from './logger';
import { Lifecycle } from './lifecycle';
import { runMigrations } from './migrate';
import { resolveSecretKey, SecretBox } from './secret-box';
import { verifySecretKey } from './secret-key-check';

export interface Gateway {
  app: INestApplication;
  env: Env;
  database: DatabaseHandle;
  /**
   * Graceful stop: refuses new connections, lets in-flight `/v1` calls and streams finish for up to
   * `graceMs` (then ends streams with an SSE error event), closes the app (the log writer drains or
   * spools), then stops the embedded database when this process started it.
   */
  close(graceMs?: number): Promise<void>;
}

export interface CreateGatewayOptions {
  /** Use this database instead of DATABASE_URL / the embedded one (tests). */
  databaseUrl?: string;
  /**
   * The app's logger: by default the pino {@link AppLogger} for LOG_LEVEL (JSON lines in production).
   * Nest levels (console logger, as the in-process tests use) or `false` (silent) also work.
   */
  logger?: LoggerService | NestLogLevel[] | false;
  /** Extra modules for the app module (provider adapters of other teams, test modules). */
  extraModules?: AppModuleOptions['extraModules'];
}

/**
 * Builds a ready gateway: database (embedded unless configured), migrations, secret-key check, first
 * admin. It does not listen; `main.ts` and the tests decide where.
 */
export async function createGateway(env: Env, options: CreateGatewayOptions = {}): Promise<Gateway> {
  const appLogger = options.logger ?? createAppLogger(env);
  // Before the app exists (database start, migrations), `new Logger()` writes through this too.
  if (appLogger instanceof AppLogger) Logger.overrideLogger(appLogger);
  const logger = new Logger('Bootstrap');
  const database: DatabaseHandle = options.databaseUrl
    ? { url: options.databaseUrl, kind: 'external', stop: async () => undefined }
    : await openDatabase(env, (m) => {
        if (LOG_LEVELS.indexOf(env.logLevel) >= LOG_LEVELS.indexOf('debug')) logger.debug(m);
      });
  let app: NestExpressApplication | undefined;
  let sessionPool: Pool | undefined;
  try {
    if (database.kind === 'embedded') logger.log(`using the embedded PostgreSQL in ${env.dataDir}`);
    const secret = await resolveSecretKey(env, (m) => logger.warn(m));
    const secretBox = new SecretBox(secret);
    await runMigrations(database.url, (m) => logger.log(m));
    // Before the app builds its snapshots (which decrypt upstream keys): a wrong key fails here, clearly.
    await checkSecretKey(database.url, secretBox);
    app = await NestFactory.create<NestExpressApplication>(
      AppModule.forRoot({ env, databaseUrl: database.url, secretBox, extraModules: options.extraModules }),
      {
        bodyParser: false,
        logger: appLogger,
        abortOnError: false,
      },
    );
    // Per-request lines only when debugging: first middleware, so it times the whole request.
    if (appLogger instanceof AppLogger && appLogger.pino.isLevelEnabled('debug')) app.use(['/v1', '/api'], accessLog(appLogger.pino));
    ({ sessionPool } = configureHttp(app, env, secret, database.url, app.get(ProxyHandler).handle));
    // Database outages answer 503 on the admin API, from Nest routes and from the session middleware.
    app.useGlobalFilters(new DatabaseUnavailableFilter(app.getHttpAdapter()));
    app.use('/api', databaseUnavailableMiddleware);
    await app.init();
    await app.get(AuthService).ensureInitialAdmin();
  } catch (err) {
    await app?.close().catch(() => undefined);
    await sessionPool?.end().catch(() => undefined);
    await database.stop().catch(() => undefined);
    throw err;
  }
  const started = app;
  let closing: Promise<void> | undefined;
  return {
    app: started,
    env,
    database,
    close: (graceMs = SHUTDOWN_GRACE_MS) =>
      (closing ??= (async () => {
        started.get(Lifecycle).shuttingDown = true;
        try {
          await drainHttp(started, graceMs, logger);
          await started.close();
        } finally {
          await sessionPool?.end().catch(() => undefined);
          await database.stop();
        }
      })()),
  };
}

/** Stops accepting connections and waits for in-flight `/v1` calls; ends what is still open after `graceMs`. */
async function drainHttp(app: INestApplication, graceMs: number, logger: Logger): Promise<void> {
  const server = app.getHttpServer() as Server;
  // Keep-alive clients would go on sending on their open connections and the drain would never end:
  // what still arrives is answered with `Connection: close`, and idle connections are dropped as they appear.
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => res.setHeader('connection', 'close'));
  if (server.listening) server.close(); // the callback would wait for every connection: Nest's close() ends them
  server.closeIdleConnections();
  const reaper = setInterval(() => server.closeIdleConnections(), 50);
  try {
    const inFlight = app.get(InFlight);
    if (inFlight.count > 0) logger.log(`waiting up to ${graceMs} ms for ${inFlight.count} in-flight /v1 calls`);
    if (await inFlight.idle(graceMs)) return;
    logger.warn(`ending ${inFlight.endAll()} /v1 calls still open after the ${graceMs} ms grace period`);
    await inFlight.idle(1_000);
    // The proxy logs an ended call once its upstream request has aborted: give that a moment.
    await new Promise((resolve) => setTimeout(resolve, 200));
  } finally {
    clearInterval(reaper);
  }
}

async function checkSecretKey(databaseUrl: string, secretBox: SecretBox): Promise<void> {
  const dataSource = new DataSource({ ...dataSourceOptions(databaseUrl), extra: { max: 1 } });
  await dataSource.initialize();
  try {
    await verifySecretKey(dataSource, secretBox);
  } finally {
    await dataSource.destroy();
  }
}
