import { Logger } from '@nestjs/common';
import { createTestDatabase, TestDatabase } from '@switchyard/testing';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../core/database';
import { runMigrations } from '../core/migrate';
import { MAX_BATCH_ROWS, NewRequestLog } from './log-mapper';
import { LogWriter } from './log-writer.service';

function entry(requestId: string, overrides: Partial<NewRequestLog> = {}): NewRequestLog {
  return {
    requestId,
    createdAt: new Date('2025-01-02T03:04:05.678Z'),
    userId: '3f0e5a52-7c1e-4d8e-9f43-4b0f4b2c1a11',
    model: 'gpt-4o',
    apiId: null,
    upstreamModel: 'gpt-4o-2024-08-06',
    endpoint: '/v1/chat/completions',
    statusCode: 200,
    stream: false,
    latencyMs: 12,
    ttftMs: null,
    promptTokens: 1,
    completionTokens: 2,
    totalTokens: 3,
    usageSource: 'upstream',
    costUsd: 0.00042,
    errorType: null,
    errorMessage: null,
    clientIp: '10.0.0.1',
    ...overrides,
  };
}

/** The batch INSERT against a real PostgreSQL: what goes in is what comes back. */
describe('request log INSERT (PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let writer: LogWriter;

  beforeAll(async () => {
    database = await createTestDatabase();
    await runMigrations(database.url, () => undefined);
    dataSource = new DataSource(dataSourceOptions(database.url, { logging: false }));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  beforeEach(async () => {
    await dataSource.query('TRUNCATE request_logs, request_log_bodies');
    writer = new LogWriter(dataSource);
    for (const level of ['warn', 'log'] as const) jest.spyOn(Logger.prototype, level).mockImplementation(() => undefined);
  });

  afterEach(async () => {
    await writer.onApplicationShutdown();
    jest.restoreAllMocks();
  });

  async function write(...entries: NewRequestLog[]): Promise<void> {
    for (const e of entries) writer.enqueue(e);
    await writer.flush();
  }

  const stored = async <T>(columns: string, where = 'TRUE'): Promise<T[]> =>
    dataSource.query(`SELECT ${columns} FROM request_logs WHERE ${where} ORDER BY id`);

  it('stores any text as it was sent: quotes, backslashes, array and JSON syntax, unicode, control characters', async () => {
    const texts = [
      'plain',
      '',
      ' ',
      'NULL',
      'null',
      '"quoted" and \'single\'',
      'back\\slash \\\\ double \\" escaped quote \\u0041 \\ud800',
      '{braces}, [brackets], (parens), commas,,',
      'Grüße — 超时 — emoji 😀👍🏽 — e\u0301 — \u200b',
      'line\nbreak\r\ttab \u0001 \u001f \u007f',
      // COPY's own syntax: its NULL marker, its end-of-data line, a trailing backslash.
      '\\N',
      '\\.\n\\.',
      'ends with \\',
    ];
    const trace = (error: string) => [{ apiId: 'a', apiName: error, statusCode: 502, latencyMs: 1, error }];
    await write(
      ...texts.map((text, i) =>
        entry(`t${i}`, { errorMessage: text, errorType: text.slice(0, 100), model: text.slice(0, 200), attempts: trace(text) }),
      ),
    );
    const rows = await stored<{ error_message: string; error_type: string; model: string; attempts: unknown }>(
      'error_message, error_type, model, attempts',
    );
    expect(rows.map((r) => r.error_message)).toEqual(texts);
    expect(rows.map((r) => r.error_type)).toEqual(texts);
    expect(rows.map((r) => r.model)).toEqual(texts);
    expect(rows.map((r) => r.attempts)).toEqual(texts.map(trace));
  });

  it('drops NUL characters (PostgreSQL text cannot hold them) and stores a string cut inside an emoji with U+FFFD', async () => {
    const cut = `${'x'.repeat(3_999)}😀`; // cut to 4 000 characters: the emoji's first half only
    await write(
      entry('nul', { errorMessage: 'a\0b\0', attempts: [{ apiId: 'x', apiName: 'n\0', statusCode: 502, latencyMs: 1, error: 'e\0rr' }] }),
      entry('cut', { errorMessage: cut }),
    );
    const rows = await stored<{ error_message: string; attempts: unknown }>('error_message, attempts');
    expect(rows[0]).toEqual({ error_message: 'ab', attempts: [{ apiId: 'x', apiName: 'n', statusCode: 502, latencyMs: 1, error: 'err' }] });
    expect(rows[1].error_message).toBe(`${'x'.repeat(3_999)}\ufffd`);
    expect(writer.stats()).toMatchObject({ written: 2, rejected: 0 });
  });

  it('stores a routing trace whose error text was cut inside an emoji', async () => {
    const error = `${'x'.repeat(499)}😀`; // cut to 500 characters: a lone high surrogate
    const apiName = 'lone \udc00 low, 😀 pair'; // as JSON.parse makes of an upstream's "\udc00"
    await write(entry('trace-cut', { attempts: [{ apiId: 'a', apiName, statusCode: 502, latencyMs: 1, error }] }));
    const [row] = await stored<{ attempts: { apiName: string; error: string }[] }>('attempts');
    expect(row.attempts[0].error).toBe(`${'x'.repeat(499)}\ufffd`);
    expect(row.attempts[0].apiName).toBe('lone \ufffd low, 😀 pair');
    expect(writer.stats()).toMatchObject({ written: 1, rejected: 0 });
  });

  it('keeps dates to the millisecond, numeric cost to 8 decimals, nulls as SQL NULL and the trace as jsonb', async () => {
    const attempts = [
      { apiId: 'a', apiName: 'primary "eu"', statusCode: 503, latencyMs: 7, error: 'busy\n{"x":"\\u0000"}' },
      { apiId: 'b', apiName: 'backup', statusCode: 200, latencyMs: 9, error: null },
    ];
    await write(
      entry('full', { createdAt: new Date('2025-12-31T23:59:59.999Z'), costUsd: 0.1 + 0.2, attempts, stream: true, ttftMs: 5 }),
      entry('tiny', { createdAt: new Date(1), costUsd: 1e-7, statusCode: 0, latencyMs: 0 }),
      entry('max', { costUsd: 99_999_999.99999999, statusCode: 32_767, latencyMs: 2_147_483_647 }),
      entry('nulls', {
        userId: null,
        model: null,
        upstreamModel: null,
        promptTokens: null,
        completionTokens: null,
        totalTokens: null,
        usageSource: null,
        costUsd: null,
        clientIp: null,
        attempts: null,
      }),
    );
    const rows = await stored<Record<string, unknown>>(
      `request_id, created_at, cost_usd::text AS cost, status_code, latency_ms, stream, ttft_ms, attempts, attempts IS NULL AS no_attempts,
       user_id, model, usage_source, prompt_tokens, client_ip`,
    );
    expect(rows[0]).toMatchObject({
      created_at: new Date('2025-12-31T23:59:59.999Z'),
      cost: '0.30000000',
      attempts,
      stream: true,
      ttft_ms: 5,
    });
    expect(rows[1]).toMatchObject({ created_at: new Date(1), cost: '0.00000010', status_code: 0, latency_ms: 0, no_attempts: true });
    expect(rows[2]).toMatchObject({ cost: '99999999.99999999', status_code: 32_767, latency_ms: 2_147_483_647 });
    expect(rows[3]).toMatchObject({
      cost: null,
      no_attempts: true,
      user_id: null,
      model: null,
      usage_source: null,
      prompt_tokens: null,
      client_ip: null,
    });
    // Microseconds of a Date are always 0: nothing is rounded on the way.
    const [{ us }] = await dataSource.query<{ us: number }[]>(
      'SELECT max(extract(microseconds FROM created_at)::int % 1000) AS us FROM request_logs',
    );
    expect(us).toBe(0);
  });

  it('stores a request id once, first come first kept, within a batch and across batches, ids in queue order', async () => {
    await write(entry('dup', { errorMessage: 'first' }), entry('x1'), entry('dup', { errorMessage: 'second' }), entry('x2'));
    await write(entry('dup', { errorMessage: 'third' }), entry('x3'));
    const rows = await stored<{ request_id: string; error_message: string | null }>('request_id, error_message');
    expect(rows).toEqual([
      { request_id: 'dup', error_message: 'first' },
      { request_id: 'x1', error_message: null },
      { request_id: 'x2', error_message: null },
      { request_id: 'x3', error_message: null },
    ]);
  });

  it('writes a full batch in one statement', async () => {
    await write(
      ...Array.from({ length: MAX_BATCH_ROWS }, (_, i) =>
        entry(`b${i}`, { attempts: [{ apiId: 'a', apiName: 'n', statusCode: 200, latencyMs: i, error: null }] }),
      ),
    );
    const [{ rows, statements }] = await dataSource.query<{ rows: number; statements: number }[]>(
      'SELECT count(*)::int AS rows, count(DISTINCT xmin::text)::int AS statements FROM request_logs',
    );
    expect({ rows, statements }).toEqual({ rows: MAX_BATCH_ROWS, statements: 1 });
    expect(writer.stats()).toMatchObject({ written: MAX_BATCH_ROWS, batches: 1 });
  });

  it('writes the other rows of a batch the database refuses one row of, and skips that one', async () => {
    await dataSource.query('ALTER TABLE request_logs ADD CONSTRAINT no_teapots CHECK (status_code <> 418)');
    try {
      await write(entry('ok-1'), entry('teapot', { statusCode: 418 }), entry('ok-2', { requestBody: 'q', responseBody: 'a' }));
      expect((await stored<{ request_id: string }>('request_id')).map((r) => r.request_id)).toEqual(['ok-1', 'ok-2']);
      expect(await dataSource.query('SELECT request_id, request_body, response_body FROM request_log_bodies')).toEqual([
        { request_id: 'ok-2', request_body: 'q', response_body: 'a' },
      ]);
      expect(writer.stats()).toMatchObject({ written: 2, rejected: 1, queued: 0 });
    } finally {
      await dataSource.query('ALTER TABLE request_logs DROP CONSTRAINT no_teapots');
    }
  });

  it('writes a batch with COPY, and a batch holding a request id already stored as the INSERT that skips it', async () => {
    // Which statement stored the rows, as PostgreSQL saw it (a failed statement's trigger row rolls back with it).
    await dataSource.query('CREATE TABLE seen_statements (n serial, query text)');
    await dataSource.query(
      `CREATE FUNCTION note_statement() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN INSERT INTO seen_statements (query) VALUES (split_part(current_query(), ' ', 1)); RETURN NULL; END $$`,
    );
    await dataSource.query(
      'CREATE TRIGGER note_statement AFTER INSERT ON request_logs FOR EACH STATEMENT EXECUTE FUNCTION note_statement()',
    );
    try {
      await write(entry('c1'), entry('c2', { requestBody: 'q', responseBody: 'a' }));
      await write(entry('c2'), entry('c3'));
      const seen = await dataSource.query<{ query: string }[]>('SELECT query FROM seen_statements ORDER BY n');
      expect(seen.map((s) => s.query)).toEqual(['COPY', 'INSERT']);
      expect((await stored<{ request_id: string }>('request_id')).map((r) => r.request_id)).toEqual(['c1', 'c2', 'c3']);
      expect(await dataSource.query('SELECT request_id FROM request_log_bodies')).toEqual([{ request_id: 'c2' }]);
      expect(writer.stats()).toMatchObject({ written: 4, rejected: 0, failedBatches: 0, queued: 0 });
    } finally {
      await dataSource.query('DROP TABLE seen_statements; DROP TRIGGER note_statement ON request_logs; DROP FUNCTION note_statement()');
    }
  });
});
