import { Logger } from '@nestjs/common';
import { fakeCopyStream } from '@switchyard/testing';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import type { Env } from '../core/env';
import { LogSpool } from './log-spool';
import { LogWriterOptions } from './log-writer.options';
import { LogWriter, RowQueue } from './log-writer.service';
import { NewRequestLog } from './log-mapper';

function row(requestId: string): NewRequestLog {
  return {
    requestId,
    createdAt: new Date(),
    userId: null,
    model: 'gpt-4o',
    apiId: null,
    upstreamModel: null,
    endpoint: '/v1/chat/completions',
    statusCode: 200,
    stream: false,
    latencyMs: 5,
    ttftMs: null,
    promptTokens: null,
    completionTokens: null,
    totalTokens: null,
    usageSource: null,
    costUsd: null,
    errorType: null,
    errorMessage: null,
    clientIp: null,
  };
}

const ids = (n: number, prefix = 'r') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const sqlError = (code: string) => Object.assign(new Error(`failed with ${code}`), { code });

/** A DataSource whose connections record the request ids and SQL of each COPY or INSERT, and fail when told to. */
function fakeDatabase() {
  const statements: string[][] = [];
  const sql: string[] = [];
  const failures: (Error | ((requestIds: string[]) => Error | undefined))[] = [];
  /** While set, every statement waits for it: a database that takes its time. */
  let gate: Promise<void> | null = null;
  const run = async (text: string, requestIds: string[]): Promise<void> => {
    sql.push(text);
    await gate;
    const failure = failures.shift();
    const error = typeof failure === 'function' ? failure(requestIds) : failure;
    if (error) throw error;
    statements.push(requestIds);
  };
  const query = jest.fn((text: string | { text: string }, params?: unknown[]) => {
    // A COPY comes as a query object: one line per row, request ids in the first column.
    if (typeof text !== 'string')
      return fakeCopyStream((data) =>
        run(
          text.text,
          data
            .split('\n')
            .filter(Boolean)
            .map((line) => line.split('\t')[0]),
        ),
      );
    // An INSERT: one array literal per column, request ids first (`{"r0","r1"}` reads as JSON once its braces are brackets).
    return run(text, JSON.parse(`[${(params![0] as string).slice(1, -1)}]`) as string[]);
  });
  return {
    statements,
    sql,
    failures,
    query,
    get written(): string[] {
      return statements.flat();
    },
    /** Holds every statement from now on until the returned function is called. */
    hold(): () => void {
      let release!: () => void;
      gate = new Promise<void>((resolve) => (release = resolve));
      return () => {
        gate = null;
        release();
      };
    },
    createQueryRunner: () => ({ connect: async () => ({ query }), release: async () => undefined }),
  };
}

describe('LogWriter', () => {
  let db: ReturnType<typeof fakeDatabase>;
  let writer: LogWriter;
  let warn: jest.SpyInstance;
  const create = (options: Partial<LogWriterOptions> = {}) =>
    new LogWriter(db as unknown as DataSource, { flushIntervalMs: 10, ...options });

  beforeEach(() => {
    db = fakeDatabase();
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    writer = create();
  });

  afterEach(async () => {
    await writer.onApplicationShutdown();
    jest.restoreAllMocks();
  });

  it('queues without touching the database, then writes 1200 rows in three INSERTs of ≤ 500', async () => {
    for (const id of ids(1200)) writer.enqueue(row(id));
    expect(db.query).not.toHaveBeenCalled();
    await writer.flush();
    expect(db.statements.map((s) => s.length)).toEqual([500, 500, 200]);
    expect(db.written).toEqual(ids(1200));
    expect(writer.stats()).toEqual({
      queued: 0,
      written: 1200,
      dropped: 0,
      rejected: 0,
      batches: 3,
      failedBatches: 0,
      bodiesDropped: 0,
      spooled: 0,
      replayed: 0,
      spoolPending: 0,
    });
  });

  it('writes a batch as one COPY, and as the INSERT that skips stored request ids when the COPY meets one', async () => {
    writer.enqueue(row('first'));
    await writer.flush();
    db.failures.push(sqlError('23505'));
    writer.enqueue(row('again'));
    await writer.flush();
    expect(db.sql).toEqual([
      expect.stringMatching(/^COPY "request_logs" \(.*\) FROM STDIN$/),
      expect.stringMatching(/^COPY "request_logs"/),
      expect.stringMatching(/^INSERT INTO "request_logs" .* ON CONFLICT \("request_id"\) DO NOTHING$/),
    ]);
    expect(db.written).toEqual(['first', 'again']);
    expect(writer.stats()).toMatchObject({ written: 2, rejected: 0, failedBatches: 0 });
  });

  it('never throws from enqueue, whatever it is given', () => {
    expect(() => writer.enqueue(null as unknown as NewRequestLog)).not.toThrow();
    expect(() => writer.enqueue({} as NewRequestLog)).not.toThrow();
    expect(writer.stats().queued).toBeLessThanOrEqual(2);
  });

  it('writes on its timer, and sooner when a full batch is waiting', async () => {
    writer.enqueue(row('timer'));
    writer.onModuleInit();
    await waitFor(() => db.written.length === 1);

    const slow = create({ flushIntervalMs: 60_000 });
    slow.onModuleInit();
    for (const id of ids(500, 'kick')) slow.enqueue(row(id));
    await waitFor(() => db.written.length === 501);
    await slow.onApplicationShutdown();
  });

  it('keeps its batches full under steady load instead of writing what arrived during the last write', async () => {
    const steady = create({ flushIntervalMs: 60_000, batchRows: 100 });
    steady.onModuleInit();
    const release = db.hold();
    for (const id of ids(100, 'a')) steady.enqueue(row(id));
    await waitFor(() => db.sql.length === 1); // the first full batch is on its way
    for (const id of ids(30, 'b')) steady.enqueue(row(id));
    release();
    await waitFor(() => db.statements.length === 1);
    await sleep(20);
    // The 30 rows that came during the write wait for a full batch (or the tick), not sent as a batch of 30.
    expect(db.statements.map((s) => s.length)).toEqual([100]);
    expect(steady.stats().queued).toBe(30);
    for (const id of ids(70, 'c')) steady.enqueue(row(id));
    await waitFor(() => db.statements.length === 2);
    expect(db.statements.map((s) => s.length)).toEqual([100, 100]);
    expect(db.written).toEqual([...ids(100, 'a'), ...ids(30, 'b'), ...ids(70, 'c')]);
    await steady.onApplicationShutdown();
  });

  it('writes on each tick the rows queued at that moment, in batches of at most batchRows', async () => {
    const ticking = create({ flushIntervalMs: 20, batchRows: 100 });
    for (const id of ids(250, 't')) ticking.enqueue(row(id));
    ticking.onModuleInit();
    await waitFor(() => db.written.length === 250);
    expect(db.statements.map((s) => s.length)).toEqual([100, 100, 50]);
    await ticking.onApplicationShutdown();
  });

  it('keeps a failed batch at the head of the queue and writes it, in order, once the database is back', async () => {
    db.failures.push(new Error('connect ECONNREFUSED'));
    for (const id of ids(700)) writer.enqueue(row(id));
    await expect(writer.flush()).rejects.toThrow('ECONNREFUSED');
    expect(writer.stats()).toMatchObject({ queued: 700, written: 0, failedBatches: 1 });
    writer.enqueue(row('late'));
    await writer.flush();
    expect(db.written).toEqual([...ids(700), 'late']);
    expect(writer.stats()).toMatchObject({ queued: 0, written: 701, dropped: 0 });
  });

  it('backs off after a failure instead of hammering the database', async () => {
    const backoff = create({ flushIntervalMs: 10, maxRetryDelayMs: 10_000 });
    db.failures.push(...Array.from({ length: 20 }, () => new Error('down')));
    backoff.enqueue(row('x'));
    backoff.onModuleInit();
    await sleep(300);
    // 10, 20, 40, 80, 160 ms of back-off: about five attempts in 300 ms, not thirty.
    expect(db.query.mock.calls.length).toBeGreaterThanOrEqual(2);
    expect(db.query.mock.calls.length).toBeLessThanOrEqual(7);
    db.failures.length = 0;
    await backoff.flush();
    expect(db.written).toEqual(['x']);
    await backoff.onApplicationShutdown();
  });

  it('writes around a row the database refuses instead of blocking the queue', async () => {
    const refuseBad = (requestIds: string[]) => (requestIds.includes('bad') ? sqlError('22P02') : undefined);
    db.failures.push(refuseBad, refuseBad, refuseBad, refuseBad);
    for (const id of ['a', 'bad', 'c']) writer.enqueue(row(id));
    await writer.flush();
    expect(db.written).toEqual(['a', 'c']);
    expect(writer.stats()).toMatchObject({ queued: 0, written: 2, rejected: 1 });
  });

  it('bounds the queue: the oldest rows go, counted, with one rate-limited warning', async () => {
    const bounded = create({ maxQueuedRows: 10 });
    for (const id of ids(25)) bounded.enqueue(row(id));
    expect(bounded.stats()).toMatchObject({ queued: 10, dropped: 15 });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/request log rows dropped: 1 \(the queue is full/);
    await bounded.flush();
    expect(db.written).toEqual(ids(25).slice(15));
    await bounded.onApplicationShutdown();
  });

  it('drains the queue on shutdown, retrying through failures, and refuses rows afterwards', async () => {
    db.failures.push(new Error('blip'), new Error('blip'));
    for (const id of ids(1234)) writer.enqueue(row(id));
    await writer.onApplicationShutdown();
    expect(db.written).toEqual(ids(1234));
    writer.enqueue(row('after'));
    expect(writer.stats()).toMatchObject({ queued: 0, written: 1234, dropped: 1 });
  });

  it('gives up draining after the shutdown timeout and counts what it lost', async () => {
    const stuck = create({ shutdownTimeoutMs: 150 });
    db.failures.push(...Array.from({ length: 100 }, () => new Error('down')));
    for (const id of ids(3)) stuck.enqueue(row(id));
    const started = Date.now();
    await stuck.onApplicationShutdown();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(stuck.stats()).toMatchObject({ queued: 0, written: 0, dropped: 3 });
  });
});

describe('LogWriter spool (DATA_DIR/spool)', () => {
  let db: ReturnType<typeof fakeDatabase>;
  let dataDir: string;
  const spoolFiles = async () => (await fs.readdir(path.join(dataDir, 'spool')).catch(() => [])).filter((f) => f.endsWith('.jsonl'));
  const create = (options: Partial<LogWriterOptions> = {}) =>
    new LogWriter(db as unknown as DataSource, { flushIntervalMs: 10, spoolAfterFailures: 2, ...options }, undefined, { dataDir } as Env);

  beforeEach(async () => {
    db = fakeDatabase();
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'switchyard-spool-'));
    for (const level of ['warn', 'error', 'log'] as const) jest.spyOn(Logger.prototype, level).mockImplementation(() => undefined);
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('spills the queue to a JSON-lines file after repeated failures and replays it once the database answers', async () => {
    const writer = create({ replayIntervalMs: 20 });
    db.failures.push(new Error('connect ECONNREFUSED'), new Error('connect ECONNREFUSED'));
    for (const id of ids(3)) writer.enqueue(row(id));
    await expect(writer.flush()).rejects.toThrow('ECONNREFUSED');
    expect(await spoolFiles()).toEqual([]);
    await expect(writer.flush()).rejects.toThrow('ECONNREFUSED');
    expect(writer.stats()).toMatchObject({ queued: 0, spooled: 3, spoolPending: 3, dropped: 0 });
    const [file] = await spoolFiles();
    const lines = (await fs.readFile(path.join(dataDir, 'spool', file), 'utf8')).trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { requestId: string }).requestId)).toEqual(ids(3));

    writer.onModuleInit();
    await waitFor(() => writer.stats().replayed === 3);
    expect(db.written).toEqual(ids(3));
    expect(await spoolFiles()).toEqual([]);
    expect(writer.stats()).toMatchObject({ spoolPending: 0, dropped: 0 });
    await writer.onApplicationShutdown();
  });

  it('counts the rows of a failed batch once while they are spooled, not as in flight as well', async () => {
    const writer = create({ spoolAfterFailures: 1 });
    db.failures.push(new Error('down'));
    for (const id of ids(4)) writer.enqueue(row(id));
    let queuedWhileSpooling: number | undefined;
    const append = jest.spyOn(LogSpool.prototype, 'append');
    append.mockImplementationOnce(function (this: LogSpool, rows) {
      queuedWhileSpooling = writer.stats().queued;
      append.mockRestore();
      return this.append(rows);
    });
    await expect(writer.flush()).rejects.toThrow('down');
    expect(queuedWhileSpooling).toBe(0);
    expect(writer.stats()).toMatchObject({ queued: 0, spooled: 4, dropped: 0 });
    await writer.onApplicationShutdown();
  });

  it('keeps a spool file whose replay fails, and replays it at the next start', async () => {
    const first = create();
    db.failures.push(...Array.from({ length: 5 }, () => new Error('down')));
    for (const id of ids(2)) first.enqueue(row(id));
    await first.onApplicationShutdown(); // cannot write: spools instead of dropping
    expect(first.stats()).toMatchObject({ spooled: 2, dropped: 0 });
    expect(await spoolFiles()).toHaveLength(1);

    db.failures.length = 0;
    db.failures.push(new Error('still down'));
    const second = create({ replayIntervalMs: 20 });
    second.onModuleInit();
    await waitFor(() => second.stats().replayed === 2);
    expect(db.written).toEqual(ids(2));
    expect(await spoolFiles()).toEqual([]);
    await second.onApplicationShutdown();
  });
});

describe('RowQueue', () => {
  it('is first in, first out across take, drop and put-back, and compacts as it goes', () => {
    const queue = new RowQueue<number>();
    for (let i = 0; i < 5000; i++) queue.push(i);
    expect(queue.dropOldest(1500)).toBe(1500);
    const batch = queue.take(500);
    expect(batch[0]).toBe(1500);
    queue.putBack(batch);
    expect(queue.length).toBe(3500);
    expect(queue.take(2)).toEqual([1500, 1501]);
    expect(queue.dropOldest(10_000)).toBe(3498);
    expect(queue.length).toBe(0);
    expect(queue.take(5)).toEqual([]);
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}
