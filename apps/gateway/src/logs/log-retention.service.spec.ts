import { Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { DataSource } from 'typeorm';
import { ConfigurationService } from '../configuration/configuration.service';
import { Env } from '../core/env';
import { LogRetentionService, RETENTION_LOCK_KEY } from './log-retention.service';

/** A pool whose one client records statements; DELETEs remove from `pending` in batches. */
function fakePool(pending: { logs: number; bodies: number }, locked = true) {
  const calls: { sql: string; params: unknown[] }[] = [];
  const releases: unknown[] = [];
  let failDeletes = false;
  const client = Object.assign(new EventEmitter(), {
    query: jest.fn(async (sql: string, params: unknown[]) => {
      calls.push({ sql, params });
      if (sql.includes('pg_try_advisory_lock')) return { rows: [{ locked }] };
      if (sql.startsWith('DELETE')) {
        if (failDeletes) throw new Error('deadlock detected');
        const table = sql.includes('request_log_bodies') ? 'bodies' : 'logs';
        const rowCount = Math.min(pending[table], params[1] as number);
        pending[table] -= rowCount;
        return { rowCount, rows: [] };
      }
      return { rows: [] };
    }),
    release: (err?: unknown) => releases.push(err),
  });
  const dataSource = { driver: { master: { connect: async () => client } } } as unknown as DataSource;
  return { dataSource, calls, releases, failDeletes: () => (failDeletes = true) };
}

const config = { get: () => 30 } as unknown as ConfigurationService;
const env = { nodeEnv: 'production' } as Env;
const NOW = new Date('2025-07-01T00:00:00.000Z');

describe('LogRetentionService', () => {
  let log: jest.SpyInstance;

  beforeEach(() => {
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('deletes in batches under the advisory lock until a batch comes back short, then unlocks', async () => {
    const db = fakePool({ logs: 25, bodies: 7 });
    const service = new LogRetentionService(db.dataSource, config, env, { batchRows: 10, pauseMs: 0 });
    expect(await service.runOnce(NOW)).toBe(25);
    const cutoff = new Date('2025-06-01T00:00:00.000Z');
    expect(db.calls.map((c) => c.sql.slice(0, 40))).toEqual([
      'SELECT pg_try_advisory_lock($1) AS locke',
      ...Array(3).fill('DELETE FROM request_logs WHERE id IN (SE'),
      'DELETE FROM request_log_bodies WHERE req',
      'SELECT pg_advisory_unlock($1)',
    ]);
    expect(db.calls[0].params).toEqual([RETENTION_LOCK_KEY]);
    for (const c of db.calls.filter((x) => x.sql.startsWith('DELETE'))) expect(c.params).toEqual([cutoff, 10]);
    expect(db.releases).toEqual([undefined]);
    expect(log).toHaveBeenCalledWith(
      expect.stringMatching(/^retention: removed 25 log rows older than 2025-06-01T00:00:00.000Z in \d+ ms \(and 7 stored bodies\)$/),
    );
  });

  it('does nothing when another instance holds the lock', async () => {
    const db = fakePool({ logs: 5, bodies: 0 }, false);
    const service = new LogRetentionService(db.dataSource, config, env, { batchRows: 10, pauseMs: 0 });
    expect(await service.runOnce(NOW)).toBe(0);
    expect(db.calls).toHaveLength(1);
    expect(db.releases).toEqual([undefined]);
    expect(log).not.toHaveBeenCalled();
  });

  it('joins a running pass instead of starting a second', async () => {
    const db = fakePool({ logs: 30, bodies: 0 });
    const service = new LogRetentionService(db.dataSource, config, env, { batchRows: 10, pauseMs: 20 });
    const [a, b] = await Promise.all([service.runOnce(NOW), service.runOnce(NOW)]);
    expect([a, b]).toEqual([30, 30]);
    expect(db.calls.filter((c) => c.sql.includes('pg_try_advisory_lock'))).toHaveLength(1);
    expect(await service.runOnce(NOW)).toBe(0); // a later call is a new pass
  });

  it('discards the connection (and with it the lock) when a delete fails', async () => {
    const db = fakePool({ logs: 5, bodies: 0 });
    db.failDeletes();
    const service = new LogRetentionService(db.dataSource, config, env, { batchRows: 10, pauseMs: 0 });
    await expect(service.runOnce(NOW)).rejects.toThrow('deadlock');
    expect(db.releases).toEqual([expect.any(Error)]);
  });

  it('lets the scheduled runs do nothing under NODE_ENV=test, and swallow errors otherwise', async () => {
    const quiet = fakePool({ logs: 5, bodies: 0 });
    await new LogRetentionService(quiet.dataSource, config, { nodeEnv: 'test' } as Env).periodicRun();
    expect(quiet.calls).toHaveLength(0);
    const failing = fakePool({ logs: 5, bodies: 0 });
    failing.failDeletes();
    await expect(new LogRetentionService(failing.dataSource, config, env).firstRun()).resolves.toBeUndefined();
  });

  it('stops after the current batch when the app shuts down', async () => {
    const db = fakePool({ logs: 100, bodies: 0 });
    const service = new LogRetentionService(db.dataSource, config, env, { batchRows: 10, pauseMs: 30 });
    const pass = service.runOnce(NOW);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await service.onApplicationShutdown();
    expect(await pass).toBeLessThan(100);
  });
});
