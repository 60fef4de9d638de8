import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { StorableRequestLog } from './log-mapper';

/**
 * Request log rows the database could not take, as JSON lines in `DATA_DIR/spool/<timestamp>-<pid>.jsonl`.
 * A file appears whole (written to `.tmp`, fsync'd, renamed, directory fsync'd) and is deleted only once
 * its rows are committed; replaying twice is harmless because the INSERT skips known request ids.
 */
export class LogSpool {
  /** Rows per spool file still on disk (files of earlier runs are counted when first read). */
  private readonly pending = new Map<string, number>();
  private sequence = 0;

  constructor(readonly dir: string) {}

  get pendingRows(): number {
    let total = 0;
    for (const count of this.pending.values()) total += count;
    return total;
  }

  async append(rows: readonly StorableRequestLog[]): Promise<void> {
    if (rows.length === 0) return;
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}-${this.sequence++}.jsonl`;
    const file = path.join(this.dir, name);
    const handle = await fs.open(`${file}.tmp`, 'w', 0o600);
    try {
      await handle.writeFile(rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(`${file}.tmp`, file);
    await syncDirectory(this.dir);
    this.pending.set(name, rows.length);
  }

  /** Spool files, oldest first. */
  async files(): Promise<string[]> {
    try {
      return (await fs.readdir(this.dir)).filter((f) => f.endsWith('.jsonl')).sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  /** A file's rows; a line cut short by a crash (only possible in a `.tmp`) is skipped, not fatal. */
  async read(name: string): Promise<StorableRequestLog[]> {
    const text = await fs.readFile(path.join(this.dir, name), 'utf8');
    const rows: StorableRequestLog[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const row = JSON.parse(line) as StorableRequestLog & { createdAt: string };
        const createdAt = new Date(row.createdAt);
        // An unreadable date (a hand-edited file) gets the replay's time, as toStorableRow does.
        rows.push({ ...row, createdAt: Number.isNaN(createdAt.getTime()) ? new Date() : createdAt });
      } catch {
        // unreadable line: nothing to recover from it
      }
    }
    this.pending.set(name, rows.length);
    return rows;
  }

  async remove(name: string): Promise<void> {
    await fs.rm(path.join(this.dir, name), { force: true });
    this.pending.delete(name);
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // some file systems cannot fsync a directory; the rename is still atomic
  } finally {
    await handle.close();
  }
}

/**
 * Writes each spooled file back through `write` (batches of `batchRows`), oldest first, and deletes it
 * once all its rows are committed. Rejects at the first failed batch: that file stays for the next try.
 */
export async function replaySpool(
  spool: LogSpool,
  batchRows: number,
  write: (rows: StorableRequestLog[]) => Promise<void>,
  onReplayed: (count: number) => void,
): Promise<void> {
  for (const file of await spool.files()) {
    const rows = await spool.read(file);
    for (let i = 0; i < rows.length; i += batchRows) await write(rows.slice(i, i + batchRows));
    await spool.remove(file);
    onReplayed(rows.length);
  }
}
