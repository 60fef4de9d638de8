/**
 * `npm run bench [-- proxy [--quick] [--profile] [--only key,…]]` (the default): the proxy against a bare
 * pass-through, see `proxy.ts`.
 *
 * `npm run bench -- isolate [--quick] [--sequential]`: the pass-through's code in the gateway's main thread and in a
 * worker thread of its process, and the gateway's `/v1` path in a process without the application, each against the
 * separate pass-through, see `isolate.ts`.
 *
 * `npm run bench -- stats [rows]` (default 1 000 000): statistics and log-viewer latencies at scale.
 *
 * Seeds `rows` request logs over 7 days into a throw-away database (a temporary embedded PostgreSQL,
 * or a scratch database created on the DATABASE_URL server and dropped at the end), rolls the
 * statistics up, starts the real gateway on it and times, through HTTP with a signed-in admin:
 * `GET /api/stats` for each window, and `GET /api/logs` first, deep and filtered pages (p50/p95 of 20
 * runs each); then how long a proxied call takes to show in the statistics. Prints figures, asserts
 * nothing.
 */
import 'reflect-metadata';
import type { StatsWindow } from '@switchyard/contracts';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { parseRowCount, rowsPerSecond } from '../apps/gateway/src/cli/row-count';
import { seedAndRollUp } from '../apps/gateway/src/cli/seed-and-roll-up';
import { createGateway } from '../apps/gateway/src/core/bootstrap';
import { openTemporaryPostgres } from '../apps/gateway/src/core/embedded-postgres';
import { loadEnv } from '../apps/gateway/src/core/env';
import { runMigrations } from '../apps/gateway/src/core/migrate';
import { encodeCursor } from '../apps/gateway/src/logs/cursor';
import { measureFreshness } from './freshness';
import { AdminSession, printTable, timeGet, Timing } from './http-timing';
import { runIsolateBench } from './isolate';
import { runProxyBench } from './proxy';

const WINDOWS: StatsWindow[] = ['1h', '24h', '7d', '30d'];
const ADMIN = { username: 'bench', password: randomBytes(18).toString('base64url') };
const say = (line: string) => process.stdout.write(`${line}\n`);

interface ScratchDatabase {
  url: string;
  where: string;
  drop(): Promise<void>;
}

async function scratchDatabase(configuredUrl: string | undefined): Promise<ScratchDatabase> {
  if (!configuredUrl) {
    const temp = await openTemporaryPostgres();
    return { url: temp.url, where: 'a temporary embedded PostgreSQL', drop: () => temp.stop() };
  }
  const name = `switchyard_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: configuredUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(configuredUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    where: `scratch database ${name} on the DATABASE_URL server`,
    drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** What the log pages need: a cursor half-way down the log, a busy user and a busy model. */
async function logProbes(url: string): Promise<{ deepCursor: string; depth: number; userId: string }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('VACUUM ANALYZE request_logs'); // as autovacuum would have by now
    const { rows } = await client.query<{ count: number }>('SELECT count(*)::int AS count FROM request_logs');
    const depth = Math.floor(rows[0].count / 2);
    const deep = await client.query<{ id: string; t: string }>(
      `SELECT id::text AS id, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t
         FROM request_logs ORDER BY created_at DESC, id DESC OFFSET $1 LIMIT 1`,
      [depth],
    );
    const user = await client.query<{ id: string }>("SELECT id FROM api_users WHERE name = 'seed-docs-qa'");
    return { deepCursor: encodeCursor({ createdAt: deep.rows[0].t, id: deep.rows[0].id }), depth, userId: user.rows[0].id };
  } finally {
    await client.end();
  }
}

async function runStatsBench(rowsArg: string | undefined): Promise<void> {
  const rows = parseRowCount(rowsArg);
  const db = await scratchDatabase(loadEnv().databaseUrl);
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'switchyard-bench-'));
  try {
    say(`database: ${db.where}; ${os.cpus().length} CPUs`);
    await runMigrations(db.url, () => undefined);
    const { seeded, rolled, rollupMs } = await seedAndRollUp(db.url, { rows });
    say(
      `seed: ${seeded.rows.toLocaleString('en-US')} rows in ${(seeded.ms / 1000).toFixed(1)} s (${rowsPerSecond(seeded.rows, seeded.ms)})`,
    );
    say(`rollup: ${rolled.hours} hours in ${(rollupMs / 1000).toFixed(1)} s`);
    const probes = await logProbes(db.url);

    const env = loadEnv({
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      SECRET_KEY: randomBytes(32).toString('base64url'),
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'error',
    });
    const gateway = await createGateway(env, { databaseUrl: db.url, logger: ['error'] });
    try {
      await gateway.app.listen(0, '127.0.0.1');
      const { port } = (gateway.app.getHttpServer() as Server).address() as AddressInfo;
      const baseUrl = `http://127.0.0.1:${port}`;
      const session = await AdminSession.login(baseUrl, ADMIN.username, ADMIN.password);

      const stats: Timing[] = [];
      for (const window of WINDOWS) stats.push(await timeGet(session, `stats window=${window}`, `/api/stats?window=${window}`));
      printTable(`GET /api/stats, ${seeded.rows.toLocaleString('en-US')} log rows over 7 days (20 runs each)`, stats);

      const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
      const logs: Timing[] = [
        await timeGet(session, 'logs first page (50)', '/api/logs?limit=50'),
        await timeGet(
          session,
          `logs deep page (50, row ${probes.depth.toLocaleString('en-US')})`,
          `/api/logs?limit=50&cursor=${probes.deepCursor}`,
        ),
        await timeGet(session, 'logs model=claude-sonnet&status=5xx', '/api/logs?limit=50&model=claude-sonnet&status=5xx'),
        await timeGet(session, 'logs userId=<one user>', `/api/logs?limit=50&userId=${probes.userId}`),
        await timeGet(session, 'logs from/to (1 h, 3 days ago)', `/api/logs?limit=50&from=${hoursAgo(73)}&to=${hoursAgo(72)}`),
        await timeGet(session, 'logs q=timed out (error text)', '/api/logs?limit=50&q=timed%20out'),
      ];
      printTable('GET /api/logs (20 runs each)', logs);

      try {
        const fresh = await measureFreshness(session, baseUrl);
        say(
          `\nfreshness: a /v1 call counts in GET /api/stats?window=1h ${fresh.p50.toFixed(0)} ms after it returns (p50; max ${fresh.max.toFixed(0)} ms, 5 calls)`,
        );
      } catch (err) {
        say(`\nfreshness: not measured (${err instanceof Error ? err.message : String(err)})`);
      }
    } finally {
      await gateway.close();
    }
  } finally {
    await db.drop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

/** `proxy` (default), `isolate` or `stats`; a bare row count still means `stats`, as before the proxy benchmark. */
function main(args: string[]): Promise<void> {
  const [mode, ...rest] = args;
  if (mode === 'stats') return runStatsBench(rest[0]);
  if (mode !== undefined && /^\d/.test(mode)) return runStatsBench(mode);
  if (mode === undefined || mode.startsWith('--')) return runProxyBench(args);
  if (mode === 'proxy') return runProxyBench(rest);
  if (mode === 'isolate') return runIsolateBench(rest);
  return Promise.reject(new Error(`unknown mode "${mode}": use proxy (default), isolate or stats`));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
