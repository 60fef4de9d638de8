import { Logger } from '@nestjs/common';
import { fakeCopyStream } from '@switchyard/testing';
import { DataSource } from 'typeorm';
import { ConfigurationService } from '../configuration/configuration.service';
import { buildBodyInserts, cutUtf8, MAX_BODY_BYTES_PER_INSERT, MAX_BODY_ROWS_PER_INSERT, storableBodies } from './log-bodies';
import { NewRequestLog, toStorableRow } from './log-mapper';
import { LogWriter } from './log-writer.service';

function row(requestId: string, bodies: Partial<NewRequestLog> = {}): NewRequestLog {
  return {
    requestId,
    createdAt: new Date('2025-06-01T12:00:00.000Z'),
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
    ...bodies,
  };
}

describe('cutting bodies to a byte size', () => {
  it('keeps a body that fits, whole', () => {
    expect(cutUtf8('héllo', 6)).toEqual({ text: 'héllo', bytes: 6, truncated: false });
    expect(cutUtf8('x'.repeat(1024), 1024)).toEqual({ text: 'x'.repeat(1024), bytes: 1024, truncated: false });
  });

  it('cuts by UTF-8 bytes, never inside a character', () => {
    expect(cutUtf8('x'.repeat(1025), 1024)).toEqual({ text: 'x'.repeat(1024), bytes: 1024, truncated: true });
    // é is 2 bytes, € 3, 😀 4 (a surrogate pair): a cut landing inside one leaves it out whole.
    expect(cutUtf8('aé', 2)).toEqual({ text: 'a', bytes: 1, truncated: true });
    expect(cutUtf8('ab€', 4)).toEqual({ text: 'ab', bytes: 2, truncated: true });
    expect(cutUtf8('a😀b', 4)).toEqual({ text: 'a', bytes: 1, truncated: true });
    expect(cutUtf8('a😀b', 5)).toEqual({ text: 'a😀', bytes: 5, truncated: true });
    const cut = cutUtf8('€'.repeat(1000), 1000);
    expect(cut.text).toBe('€'.repeat(333));
    expect(Buffer.byteLength(cut.text)).toBeLessThanOrEqual(1000);
  });

  it('removes NUL characters, which PostgreSQL text cannot hold', () => {
    expect(cutUtf8('a\0b', 10)).toEqual({ text: 'ab', bytes: 2, truncated: false });
  });

  it('gives no bodies for a call without any, and flags a cut in either', () => {
    expect(storableBodies(undefined, null)).toBeUndefined();
    expect(storableBodies('{"a":1}', null, 100)).toEqual({ request: '{"a":1}', response: null, truncated: false, bytes: 7 });
    expect(storableBodies('short', 'y'.repeat(200), 100)).toMatchObject({ request: 'short', response: 'y'.repeat(100), truncated: true });
  });

  it('keeps a row without bodies exactly as before, and cuts bodies when the row is queued', () => {
    expect(toStorableRow(row('plain'))).not.toHaveProperty('bodies');
    const stored = toStorableRow(row('b', { requestBody: 'q'.repeat(3000), responseBody: null }), 1024);
    expect(stored.bodies).toEqual({ request: 'q'.repeat(1024), response: null, truncated: true, bytes: 1024 });
    expect(stored).not.toHaveProperty('requestBody');
  });
});

describe('body INSERTs', () => {
  const bodyRow = (i: number, bytes = 10) => ({
    requestId: `r${i}`,
    createdAt: new Date(0),
    bodies: { request: 'x'.repeat(bytes), response: null, truncated: false, bytes },
  });

  it('writes request_log_bodies in multi-row INSERTs that skip a request id already stored', () => {
    const [statement, ...rest] = buildBodyInserts([bodyRow(1), bodyRow(2)]);
    expect(rest).toEqual([]);
    expect(statement.sql).toMatch(
      /^INSERT INTO "request_log_bodies" \("request_id", "created_at", "request_body", "response_body", "truncated"\) VALUES \(\$1, \$2, \$3, \$4, \$5\), \(\$6, .*\$10\) ON CONFLICT \("request_id"\) DO NOTHING$/,
    );
    expect(statement.params).toEqual(['r1', new Date(0), 'x'.repeat(10), null, false, 'r2', new Date(0), 'x'.repeat(10), null, false]);
  });

  it('splits by row count and by size', () => {
    const many = buildBodyInserts(Array.from({ length: MAX_BODY_ROWS_PER_INSERT + 1 }, (_, i) => bodyRow(i)));
    expect(many.map((s) => s.params.length / 5)).toEqual([MAX_BODY_ROWS_PER_INSERT, 1]);
    const big = buildBodyInserts([bodyRow(1, MAX_BODY_BYTES_PER_INSERT - 5), bodyRow(2, 10), bodyRow(3, 10)]);
    expect(big.map((s) => s.params.length / 5)).toEqual([1, 2]);
  });
});

describe('LogWriter with bodies', () => {
  let statements: { sql: string; params?: unknown[] }[];
  let failOn: RegExp | undefined;
  const dataSource = {
    createQueryRunner: () => ({
      connect: async () => ({
        // A COPY comes as a query object, whose rows are written to what the client hands back.
        query: (query: string | { text: string }, params?: unknown[]) => {
          const run = async (sql: string) => {
            statements.push({ sql, params });
            if (failOn?.test(sql)) throw Object.assign(new Error('connection lost'), { code: '08006' });
          };
          return typeof query === 'string' ? run(query) : fakeCopyStream(() => run(query.text));
        },
      }),
      release: async () => undefined,
    }),
  } as unknown as DataSource;
  const config = (kb: number) => ({ get: (key: string) => (key === 'logBodyMaxKb' ? kb : undefined) }) as unknown as ConfigurationService;
  const kinds = () =>
    statements.map((s) =>
      s.sql
        .split(' ')
        .slice(0, s.sql.startsWith('COPY') ? 2 : 3)
        .join(' '),
    );

  beforeEach(() => {
    statements = [];
    failOn = undefined;
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('writes rows and their bodies in one transaction, bodies cut to logBodyMaxKb', async () => {
    const writer = new LogWriter(dataSource, {}, config(1));
    writer.enqueue(row('a', { requestBody: 'é'.repeat(600), responseBody: 'ok' }));
    writer.enqueue(row('b'));
    await writer.flush();
    expect(kinds()).toEqual(['BEGIN', 'COPY "request_logs"', 'INSERT INTO "request_log_bodies"', 'COMMIT']);
    expect(statements[2].params).toEqual(['a', new Date('2025-06-01T12:00:00.000Z'), 'é'.repeat(512), 'ok', true]);
    await writer.onApplicationShutdown();
  });

  it('adds no transaction when no row of the batch has bodies', async () => {
    const writer = new LogWriter(dataSource, {}, config(64));
    writer.enqueue(row('a'));
    await writer.flush();
    expect(kinds()).toEqual(['COPY "request_logs"']);
    await writer.onApplicationShutdown();
  });

  it('rolls back and keeps the rows queued with their bodies when the body INSERT fails', async () => {
    const writer = new LogWriter(dataSource, {}, config(64));
    writer.enqueue(row('a', { responseBody: 'answer' }));
    failOn = /request_log_bodies/;
    await expect(writer.flush()).rejects.toThrow('connection lost');
    expect(kinds()).toEqual(['BEGIN', 'COPY "request_logs"', 'INSERT INTO "request_log_bodies"', 'ROLLBACK']);
    failOn = undefined;
    statements = [];
    await writer.flush();
    expect(kinds()).toEqual(['BEGIN', 'COPY "request_logs"', 'INSERT INTO "request_log_bodies"', 'COMMIT']);
    expect(writer.stats()).toMatchObject({ queued: 0, written: 1 });
    await writer.onApplicationShutdown();
  });

  it('queues rows without their bodies once queued bodies reach maxQueuedBodyBytes, and counts them', async () => {
    const writer = new LogWriter(dataSource, { maxQueuedBodyBytes: 2500 }, config(1));
    for (const id of ['a', 'b', 'c', 'd']) writer.enqueue(row(id, { requestBody: 'x'.repeat(1000) }));
    expect(writer.stats()).toMatchObject({ queued: 4, bodiesDropped: 2 });
    await writer.flush();
    expect(statements[2].params?.filter((_, i) => i % 5 === 0)).toEqual(['a', 'b']);
    // Written bodies no longer count: the next row keeps its body.
    writer.enqueue(row('e', { requestBody: 'x'.repeat(1000) }));
    expect(writer.stats().bodiesDropped).toBe(2);
    await writer.onApplicationShutdown();
  });
});
