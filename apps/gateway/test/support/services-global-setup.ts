import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Client } from 'pg';
import { GATEWAY_MAIN, REPO_ROOT } from './gateway-process';

/** The machine's PostgreSQL (CI runs one at this address); TEST_DATABASE_URL overrides it. */
const SERVICES_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * `npm run test:services`: the specs run on the machine's PostgreSQL and Redis (each spec creates its
 * own database and Redis key prefix) and start the compiled gateway as child processes, so the build
 * must exist: `.ci/run` builds first; a fresh checkout gets `npm run build:gateway` here.
 */
export default async function servicesGlobalSetup(): Promise<void> {
  process.env.TEST_DATABASE_URL ??= SERVICES_SERVER_URL;
  const client = new Client({ connectionString: process.env.TEST_DATABASE_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.end();
  } catch (err) {
    throw new Error(`the services specs need PostgreSQL at ${process.env.TEST_DATABASE_URL}: ${(err as Error).message}`);
  }
  if (!existsSync(GATEWAY_MAIN)) {
    process.stderr.write(`\n${GATEWAY_MAIN} is missing: running npm run build:gateway\n`);
    execSync('npm run build:gateway', { cwd: REPO_ROOT, stdio: 'inherit' });
  }
}
