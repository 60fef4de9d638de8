/**
 * The TypeORM CLI's DataSource (`npm run migration:*`), built from the same validated environment and
 * options as the gateway. Without DATABASE_URL it uses the embedded PostgreSQL of DATA_DIR: the running
 * gateway's server when there is one, otherwise it starts it and stops it again when the command ends.
 */
import { dataSourceOptions, openDatabase, OwnedDataSource } from './apps/gateway/src/core/database';
import { loadEnv } from './apps/gateway/src/core/env';

async function createDataSource(): Promise<OwnedDataSource> {
  const env = loadEnv();
  const handle = await openDatabase(env, (m) => {
    if (env.logLevel === 'debug' || env.logLevel === 'verbose') console.error(`[embedded-postgres] ${m}`);
  });
  return new OwnedDataSource(dataSourceOptions(handle.url), handle);
}

export const dataSource = createDataSource();
