import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { embeddedDatabaseUrl } from '../../apps/gateway/src/core/embedded-postgres';
import { AdminSession } from '../http-timing';
import { Child, spawnNode, stopChild } from './children';

/** `dist/gateway`, the root of the compiled tree this file runs from (`dist/gateway/bench/proxy`). */
export const DIST_ROOT = path.resolve(__dirname, '..', '..');
export const GATEWAY_MAIN = path.join(DIST_ROOT, 'apps', 'gateway', 'src', 'main.js');

export interface GatewayProcess {
  child: Child;
  baseUrl: string;
  dataDir: string;
  /** The API key of the benchmark's user. */
  apiKey: string;
  /** The alias the benchmark calls (`model`). */
  model: string;
  /** PID of the embedded PostgreSQL's postmaster. */
  postgresPid: number | null;
  profileDir: string | null;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function postmasterPid(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim().startsWith('postgres');
  } catch {
    return false;
  }
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number, child: Child): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.proc.exitCode !== null || child.proc.signalCode !== null)
      throw new Error(`the gateway exited before ${what}:\n${child.tail()}`);
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s:\n${child.tail()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Starts the built gateway as a child process on 127.0.0.1 with a temporary DATA_DIR (so its own
 * embedded PostgreSQL), production settings and LOG_LEVEL=warn, then configures it through the admin
 * API like an operator would: an API on the fake upstream, an alias and a user with a key.
 */
export interface GatewayOptions {
  profile: boolean;
  /** A script `node -r` loads before the gateway (`npm run bench -- isolate`). */
  preload?: string;
  /** More environment for the gateway process. */
  env?: Record<string, string>;
}

export async function startGateway(upstreamOrigin: string, options: GatewayOptions): Promise<GatewayProcess> {
  if (!existsSync(GATEWAY_MAIN)) throw new Error(`${GATEWAY_MAIN} not found: build the gateway first (npm run build:gateway)`);
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'switchyard-proxy-bench-'));
  const profileDir = options.profile ? path.join(dataDir, 'cpu-profile') : null;
  const port = await freePort();
  const admin = { username: 'bench', password: randomBytes(18).toString('base64url') };
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'TRUST_PROXY', 'NODE_OPTIONS']) delete env[name];
  Object.assign(env, {
    NODE_ENV: 'production',
    PORT: String(port),
    DATA_DIR: dataDir,
    SECRET_KEY: randomBytes(32).toString('base64url'),
    ADMIN_USERNAME: admin.username,
    ADMIN_PASSWORD: admin.password,
    LOG_LEVEL: 'warn',
    ...options.env,
  });
  const args = [
    ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []),
    ...(options.preload ? ['-r', options.preload] : []),
    GATEWAY_MAIN,
  ];
  const child = spawnNode('gateway', args, { env, cwd: path.resolve(DIST_ROOT, '..', '..') });
  const baseUrl = `http://127.0.0.1:${port}`;

  const stop = async () => {
    await stopChild(child, 'SIGINT', 40_000);
    // A gateway that had to be killed leaves its postmaster behind: stop it ourselves.
    const pg = postmasterPid(dataDir);
    if (pg && isPostgres(pg)) {
      process.kill(pg, 'SIGINT');
      for (let i = 0; i < 100 && isPostgres(pg); i++) await new Promise((r) => setTimeout(r, 100));
      if (isPostgres(pg)) process.kill(pg, 'SIGKILL');
    }
  };
  try {
    await waitUntil('the gateway answered /health/ready', async () => (await fetch(`${baseUrl}/health/ready`)).ok, 180_000, child);
    const session = await AdminSession.login(baseUrl, admin.username, admin.password);
    const api = await session.post<{ id: string }>('/api/apis', {
      name: 'bench-fast-upstream',
      provider: 'openai',
      baseUrl: `${upstreamOrigin}/v1`,
      apiKey: 'sk-bench-upstream-0123456789',
      model: 'gpt-4o-mini',
      allowPrivateNetwork: true,
    });
    const model = 'bench-model';
    await session.post('/api/aliases', { alias: model, apiId: api.id });
    const user = await session.post<{ apiKey: string }>('/api/users', { name: 'bench-proxy', allowedModels: [model] });
    // The routing snapshot follows configuration changes asynchronously: wait until the key works.
    await waitUntil(
      'the new user and alias reached the routing snapshot',
      async () => {
        const res = await fetch(`${baseUrl}/v1/models`, { headers: { authorization: `Bearer ${user.apiKey}` } });
        return res.ok && (await res.text()).includes(model);
      },
      15_000,
      child,
    );
    return { child, baseUrl, dataDir, apiKey: user.apiKey, model, postgresPid: postmasterPid(dataDir), profileDir, stop };
  } catch (err) {
    await stop();
    await fs.rm(dataDir, { recursive: true, force: true });
    throw err;
  }
}

/** The connection URL of the gateway's embedded database (from `DATA_DIR/postgres.json`). */
export async function gatewayDatabaseUrl(dataDir: string): Promise<string> {
  const url = await embeddedDatabaseUrl(dataDir);
  if (url === null) throw new Error(`no embedded database connection file in ${dataDir}`);
  return url;
}

/** Log rows per status code, read straight from the gateway's embedded database. */
export async function logRowsByStatus(dataDir: string): Promise<Map<number, number>> {
  const client = new Client({ connectionString: await gatewayDatabaseUrl(dataDir) });
  await client.connect();
  try {
    const { rows } = await client.query<{ status: number; n: number }>(
      'SELECT status_code AS status, count(*)::int AS n FROM request_logs GROUP BY status_code',
    );
    return new Map(rows.map((r) => [Number(r.status), r.n]));
  } finally {
    await client.end();
  }
}

/** Sums a status map. */
export function totalRows(byStatus: Map<number, number>): number {
  return [...byStatus.values()].reduce((a, b) => a + b, 0);
}

/** Polls until the row count has stopped changing for `quietMs` (the log writer flushed). */
export async function settledLogRows(dataDir: string, quietMs = 1_000, timeoutMs = 30_000): Promise<Map<number, number>> {
  const deadline = Date.now() + timeoutMs;
  let last = await logRowsByStatus(dataDir);
  let since = Date.now();
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    const now = await logRowsByStatus(dataDir);
    if (totalRows(now) !== totalRows(last)) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      return now;
    }
  }
  return last;
}
