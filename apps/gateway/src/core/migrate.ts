import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './database';

/** Arbitrary constant key for pg_advisory_lock: "only one instance migrates at a time". */
const MIGRATION_LOCK_KEY = 7_301_994_221;

/**
 * Applies pending migrations before the app starts. Instances started together take turns on a
 * PostgreSQL advisory lock, so each migration runs exactly once; the others then find nothing to do.
 */
export async function runMigrations(databaseUrl: string, log: (m: string) => void): Promise<string[]> {
  const lock = new Client({ connectionString: databaseUrl, application_name: 'switchyard-migrate' });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const dataSource = new DataSource({ ...dataSourceOptions(databaseUrl), logging: ['error'], extra: { max: 2 } });
    await dataSource.initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'all' });
      for (const m of applied) log(`applied migration ${m.name}`);
      return applied.map((m) => m.name);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.end();
  }
}
