import type { BudgetPeriod } from '@switchyard/contracts';
import { createTestDatabase, TestDatabase } from '@switchyard/testing';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../core/database';
import { runMigrations } from '../core/migrate';
import { SpendTracker } from './spend-tracker.service';
import type { UserKeyHolder } from './user-mapper';

const at = (iso: string) => new Date(iso);

describe('SpendTracker', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let tracker: SpendTracker;

  beforeAll(async () => {
    database = await createTestDatabase();
    await runMigrations(database.url, () => undefined);
    dataSource = new DataSource(dataSourceOptions(database.url, { logging: false }));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  beforeEach(async () => {
    await dataSource.query('TRUNCATE api_users CASCADE');
    tracker = new SpendTracker(dataSource);
  });

  async function user(budgetPeriod: BudgetPeriod): Promise<UserKeyHolder> {
    const [row]: { id: string }[] = await dataSource.query(
      `INSERT INTO api_users (name, key_hash, key_prefix, budget_usd, budget_period) VALUES ($1, $2, 'sk-test', 10, $3) RETURNING id`,
      [`u-${budgetPeriod}`, budgetPeriod.padEnd(64, '0'), budgetPeriod],
    );
    return { id: row.id, budgetPeriod, spentUsd: 0 } as UserKeyHolder;
  }

  it('starts a new day at UTC midnight, to the millisecond, whichever order the calls come in', async () => {
    const u = await user('day');
    tracker.add(u.id, 1, 'day', at('2026-03-31T00:00:00.000Z'));
    tracker.add(u.id, 0.5, 'day', at('2026-03-31T23:59:59.999Z'));
    tracker.add(u.id, 2, 'day', at('2026-04-01T00:00:00.000Z'));
    // Back to the earlier day after the later one was seen: still that day's spend.
    tracker.add(u.id, 0.25, 'day', at('2026-03-31T12:00:00.000Z'));
    expect(tracker.spent(u, at('2026-03-31T23:59:59.999Z'))).toBe(1.75);
    expect(tracker.spent(u, at('2026-04-01T00:00:00.000Z'))).toBe(2);
    expect(tracker.spent(u, at('2026-04-01T23:59:59.999Z'))).toBe(2);
    expect(tracker.spent(u, at('2026-04-02T00:00:00.000Z'))).toBe(0);
  });

  it('starts a new month on the 1st at UTC midnight, and never ends a total', async () => {
    const month = await user('month');
    const total = await user('total');
    for (const [iso, usd] of [
      ['2026-02-28T23:59:59.999Z', 1],
      ['2026-03-01T00:00:00.000Z', 2],
      ['2026-03-31T23:59:59.999Z', 4],
      ['2026-04-01T00:00:00.000Z', 8],
    ] as const) {
      tracker.add(month.id, usd, 'month', at(iso));
      tracker.add(total.id, usd, 'total', at(iso));
    }
    expect(tracker.spent(month, at('2026-02-01T00:00:00.000Z'))).toBe(1);
    expect(tracker.spent(month, at('2026-03-15T00:00:00.000Z'))).toBe(6);
    expect(tracker.spent(month, at('2026-04-30T23:59:59.999Z'))).toBe(8);
    expect(tracker.spent(total, at('1999-01-01T00:00:00.000Z'))).toBe(15);
    expect(tracker.spent(total)).toBe(15);
  });

  it('uses the current time when none is given, and ignores costs that are not positive numbers', async () => {
    const u = await user('day');
    tracker.add(u.id, 0.5, 'day');
    tracker.add(u.id, Number.NaN, 'day');
    tracker.add(u.id, -3, 'day');
    expect(tracker.spent(u)).toBe(0.5);
    expect(tracker.spent(u, new Date(Date.now() + 86_400_000))).toBe(0);
  });

  it('writes only the latest period of a user whose calls crossed midnight, and the last use', async () => {
    const u = await user('day');
    tracker.add(u.id, 1, 'day', at('2026-03-31T23:59:59.999Z'));
    tracker.add(u.id, 2, 'day', at('2026-04-01T00:00:00.000Z'));
    tracker.add(u.id, 0.125, 'day', at('2026-04-01T00:00:01.000Z'));
    await tracker.flush();
    const [row]: { spent: string; start: Date; last: Date }[] = await dataSource.query(
      'SELECT spent_usd::text AS spent, spent_period_start AS start, last_used_at AS last FROM api_users WHERE id = $1',
      [u.id],
    );
    expect(row).toEqual({ spent: '2.125000', start: at('2026-04-01T00:00:00.000Z'), last: at('2026-04-01T00:00:01.000Z') });
    // Written spend still counts until a snapshot reload includes it.
    expect(tracker.spent(u, at('2026-04-01T12:00:00.000Z'))).toBe(2.125);
  });
});
