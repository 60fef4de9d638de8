import { promises as fs } from 'node:fs';
import * as net from 'node:net';

/** A free TCP port on 127.0.0.1 (free now; the caller binds it right away). */
export function freePort(): Promise<number> {
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

export interface ProcessInfo {
  pid: number;
  command: string;
}

/**
 * Live processes whose command line mentions `fragment` (a temp DATA_DIR, a browser profile), read
 * from /proc. This is how teardown proves it left nothing running behind.
 */
export async function processesMentioning(fragment: string): Promise<ProcessInfo[]> {
  const found: ProcessInfo[] = [];
  const entries = await fs.readdir('/proc').catch(() => [] as string[]);
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const cmdline = await fs.readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (!cmdline.includes(fragment)) continue;
    const state = await fs.readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    if (/^\d+ \(.*\) Z /.test(state)) continue; // a zombie is already dead, its parent just has not reaped it
    found.push({ pid: Number(entry), command: cmdline.split('\0').join(' ').trim() });
  }
  return found;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGKILLs `pids` and waits (bounded) until they are gone. */
export async function killAll(pids: number[], timeoutMs = 5_000): Promise<void> {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + timeoutMs;
  while (pids.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

/**
 * Waits (bounded) for processes mentioning `fragment` to end by themselves; SIGKILLs what is left.
 * Returns what had to be killed, so the caller can report the leak instead of hiding it.
 */
export async function reapLeftovers(fragment: string, graceMs: number): Promise<ProcessInfo[]> {
  const deadline = Date.now() + graceMs;
  let left = await processesMentioning(fragment);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    left = await processesMentioning(fragment);
  }
  if (left.length > 0) await killAll(left.map((p) => p.pid));
  return left;
}
