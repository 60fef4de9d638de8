import { INestApplication, Logger, LogLevel as NestLogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { AuthService } from '../auth/auth.service';
import { ProxyHandler } from '../proxy/proxy.handler';
import { DatabaseHandle, openDatabase } from './database';
import { Env, LOG_LEVELS } from './env';
import { configureHttp } from './http-setup';
import { Lifecycle } from './lifecycle';
import { runMigrations } from './migrate';
import { resolveSecretKey, SecretBox } from './secret-box';
import { verifySecretKey } from './secret-key-check';

export interface Gateway {
  app: INestApplication;
  env: Env;
  database: DatabaseHandle;
  /** Drains and closes the app, then stops the embedded database when this process started it. */
  close(): Promise<void>;
}

export interface CreateGatewayOptions {
  /** Use this database instead of DATABASE_URL / the embedded one (tests). */
  databaseUrl?: string;
  /** Nest logger levels; defaults to LOG_LEVEL and below. `false` silences Nest. */
  logger?: NestLogLevel[] | false;
}

function levelsUpTo(level: Env['logLevel']): NestLogLevel[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}

/**
 * Builds a ready gateway: database (embedded unless configured), migrations, secret-key check, first
 * admin. It does not listen; `main.ts` and the tests decide where.
 */
export async function createGateway(env: Env, options: CreateGatewayOptions = {}): Promise<Gateway> {
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
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ env, databaseUrl: database.url, secretBox }), {
      bodyParser: false,
      logger: options.logger ?? levelsUpTo(env.logLevel),
      abortOnError: false,
    });
    ({ sessionPool } = configureHttp(app, env, secret, database.url, app.get(ProxyHandler).handle));
    await app.init();
    await verifySecretKey(app.get(DataSource), secretBox);
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
    close: () =>
      (closing ??= (async () => {
        started.get(Lifecycle).shuttingDown = true;
        try {
          await started.close();
        } finally {
          await sessionPool?.end().catch(() => undefined);
          await database.stop();
        }
      })()),
  };
}
