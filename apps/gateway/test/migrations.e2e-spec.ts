import { createTestDatabase, TestDatabase } from '@switchyard/testing';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/core/database';
import { runMigrations } from '../src/core/migrate';
import { MIGRATIONS } from '../src/migrations';

describe('migrations (e2e)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    await runMigrations(database.url, () => undefined);
    dataSource = new DataSource(dataSourceOptions(database.url));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('leave nothing for migration:generate to do: the entities and the migrated schema agree', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('are idempotent: a second run applies nothing', async () => {
    expect(await runMigrations(database.url, () => undefined)).toEqual([]);
  });

  it('revert cleanly, one by one, and apply again', async () => {
    for (let i = 0; i < MIGRATIONS.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    const left: { table_name: string }[] = await dataSource.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'",
    );
    expect(left).toEqual([]);
    const applied = await runMigrations(database.url, () => undefined);
    expect(applied).toHaveLength(MIGRATIONS.length);
    expect((await dataSource.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });
});
