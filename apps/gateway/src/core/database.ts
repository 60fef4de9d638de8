import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../migrations';
import { openEmbeddedPostgres } from './embedded-postgres';
import { ENTITIES } from './entities';
import { Env } from './env';

export interface DatabaseHandle {
  url: string;
  /** 'external' for DATABASE_URL, 'embedded' for the server in DATA_DIR. */
  kind: 'external' | 'embedded';
  /** Stops the embedded server when this process started it; otherwise does nothing. */
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL in DATA_DIR (started if nobody runs it). */
export async function openDatabase(env: Env, log: (m: string) => void = () => undefined): Promise<DatabaseHandle> {
  if (env.databaseUrl) return { url: env.databaseUrl, kind: 'external', stop: async () => undefined };
  const embedded = await openEmbeddedPostgres(env.dataDir, log);
  return { url: embedded.url, kind: 'embedded', stop: () => embedded.stop() };
}

/** The one TypeORM configuration: app, CLI (ormconfig.ts) and tests all build it here. */
export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    uuidExtension: 'pgcrypto',
    // gen_random_uuid() is built into PostgreSQL 13+: no extension, no superuser needed.
    installExtensions: false,
    synchronize: false,
    migrationsRun: false,
    // Not 'error': TypeORM would print failed queries with their parameters (key hashes, settings).
    logging: ['warn', 'migration'],
    extra: { max: 10, connectionTimeoutMillis: 5_000, application_name: 'switchyard' },
    ...extra,
  } as DataSourceOptions;
}

/** A DataSource that also stops the embedded server it started when destroyed (TypeORM CLI, scripts). */
export class OwnedDataSource extends DataSource {
  constructor(
    options: DataSourceOptions,
    private readonly handle: DatabaseHandle,
  ) {
    super(options);
  }

  override async destroy(): Promise<void> {
    try {
      if (this.isInitialized) await super.destroy();
    } finally {
      await this.handle.stop();
    }
  }
}
