import { openTemporaryPostgres } from '../../src/core/embedded-postgres';

/**
 * Gives the test run a PostgreSQL server: TEST_DATABASE_URL when set (never DATABASE_URL), otherwise an
 * embedded one in a temporary folder, removed by the global teardown.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) return;
  const db = await openTemporaryPostgres();
  process.env.TEST_DATABASE_URL = db.url.replace(/\/[^/]*$/, '/postgres');
  (globalThis as { __switchyardTestDb?: { stop(): Promise<void> } }).__switchyardTestDb = db;
}
