import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { connectionFilePath, openEmbeddedPostgres } from './embedded-postgres';

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

function postmasterPids(dataDir: string): number[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes('postgres -D') && line.includes(path.join(dataDir, 'pg')))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

/** A PID that is certainly not running any more. */
function deadPid(): number {
  return Number(execFileSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }).trim());
}

describe('embedded PostgreSQL', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'switchyard-ep-'));
  });

  afterEach(async () => {
    for (const pid of postmasterPids(dataDir)) process.kill(pid, 'SIGKILL');
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('initialises a cluster, writes a private connection file, and reuses the data on the next start', async () => {
    const first = await openEmbeddedPostgres(dataDir);
    await query(first.url, 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)');
    const stat = await fs.stat(connectionFilePath(dataDir));
    expect(stat.mode & 0o777).toBe(0o600);
    await first.stop();
    expect(postmasterPids(dataDir)).toEqual([]);

    const second = await openEmbeddedPostgres(dataDir);
    expect(await query(second.url, 'SELECT n FROM kept')).toEqual([{ n: 42 }]);
    await second.stop();
  }, 60_000);

  it('shares a server whose owner is alive instead of starting a second one', async () => {
    const owner = await openEmbeddedPostgres(dataDir);
    const info = JSON.parse(await fs.readFile(connectionFilePath(dataDir), 'utf8')) as { ownerPid: number };
    // Pretend another live process (our parent) owns it, as a running gateway would.
    await fs.writeFile(connectionFilePath(dataDir), JSON.stringify({ ...info, ownerPid: process.ppid }));
    const guest = await openEmbeddedPostgres(dataDir);
    expect(guest.owned).toBe(false);
    expect(await query(guest.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await guest.stop();
    expect(postmasterPids(dataDir)).toHaveLength(1);
    await owner.stop();
  }, 60_000);

  it('recovers from a killed owner: stops the orphaned postmaster and starts its own', async () => {
    const crashed = await openEmbeddedPostgres(dataDir);
    const [orphan] = postmasterPids(dataDir);
    const info = JSON.parse(await fs.readFile(connectionFilePath(dataDir), 'utf8')) as { ownerPid: number };
    await fs.writeFile(connectionFilePath(dataDir), JSON.stringify({ ...info, ownerPid: deadPid() }));

    const recovered = await openEmbeddedPostgres(dataDir);
    expect(recovered.owned).toBe(true);
    expect(postmasterPids(dataDir)).not.toContain(orphan);
    expect(await query(recovered.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await recovered.stop();
    // The crashed owner's handle must not hang on a server that is already gone.
    await crashed.stop();
  }, 60_000);

  it('removes a stale postmaster.pid whose process is gone (the library would fail with a bare undefined)', async () => {
    const db = await openEmbeddedPostgres(dataDir);
    await db.stop();
    const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
    await fs.writeFile(pidFile, `${deadPid()}\n${path.join(dataDir, 'pg')}\n0\n5432\n\n\n`);
    const again = await openEmbeddedPostgres(dataDir);
    expect(await query(again.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await again.stop();
  }, 60_000);
});
