/**
 * `npm run seed:logs -- [rows]` (default 1 000 000): fills request_logs with realistic rows spread over
 * the last 7 days, in the database the gateway uses (DATABASE_URL, or the embedded server of DATA_DIR —
 * shared with a running gateway), then brings the statistics rollups up to date so the numbers count
 * the new rows at once. Plain functions, no Nest application.
 */
import 'reflect-metadata';
import { openDatabase } from '../core/database';
import { loadEnv } from '../core/env';
import { runMigrations } from '../core/migrate';
import { parseRowCount, rowsPerSecond } from './row-count';
import { seedAndRollUp } from './seed-and-roll-up';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const rows = parseRowCount(process.argv[2]);
  const env = loadEnv();
  const database = await openDatabase(env);
  try {
    say(database.kind === 'embedded' ? `database: embedded PostgreSQL in ${env.dataDir}` : 'database: DATABASE_URL');
    await runMigrations(database.url, (m) => say(m));
    let reported = 0;
    const { seeded, rolled, rollupMs } = await seedAndRollUp(database.url, {
      rows,
      onProgress: (done) => {
        if (done - reported < 200_000 && done !== rows) return;
        reported = done;
        say(`  ${done.toLocaleString('en-US')} rows`);
      },
    });
    say(
      `inserted ${seeded.rows.toLocaleString('en-US')} request_logs rows for ${seeded.users} users in ` +
        `${(seeded.ms / 1000).toFixed(1)} s (${rowsPerSecond(seeded.rows, seeded.ms)})`,
    );
    say(`rolled up ${rolled.hours} hours of statistics in ${(rollupMs / 1000).toFixed(1)} s`);
  } finally {
    await database.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`seed:logs failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
