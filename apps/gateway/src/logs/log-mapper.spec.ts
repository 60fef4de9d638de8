import {
  buildCopy,
  buildInsert,
  isUuid,
  MAX_BATCH_ROWS,
  MAX_ERROR_MESSAGE_LENGTH,
  NewRequestLog,
  RequestLogColumns,
  toStorableRow,
} from './log-mapper';

const COLUMNS = 20;

function logRow(overrides: Partial<NewRequestLog> = {}): NewRequestLog {
  return {
    requestId: 'req-1',
    createdAt: new Date('2025-01-02T03:04:05.678Z'),
    userId: '3f0e5a52-7c1e-4d8e-9f43-4b0f4b2c1a11',
    model: 'gpt-4o',
    apiId: '9b1d3c0e-2a4f-4e6b-8c7d-1e2f3a4b5c6d',
    upstreamModel: 'gpt-4o-2024-08-06',
    endpoint: '/v1/chat/completions',
    statusCode: 200,
    stream: true,
    latencyMs: 1234,
    ttftMs: 321,
    promptTokens: 10,
    completionTokens: 20,
    totalTokens: 30,
    usageSource: 'upstream',
    costUsd: 0.00042,
    errorType: null,
    errorMessage: null,
    clientIp: '10.0.0.1',
    ...overrides,
  };
}

describe('request log batches', () => {
  it('builds one INSERT of one array parameter per column (the traces as one JSON array), zipped by position, rows in order', () => {
    const rows = [logRow({ requestId: 'a' }), logRow({ requestId: 'b', costUsd: null, clientIp: null })];
    const { sql, params } = buildInsert(rows);
    expect(sql).toMatch(
      /^INSERT INTO "request_logs" \("request_id", "created_at", "user_id", .*"client_ip", "attempts"\) SELECT u\."request_id", .*u\."client_ip", NULLIF\(a\.trace, 'null'\) FROM unnest\(\$1::varchar\[\], \$2::timestamptz\[\], \$3::uuid\[\], .*\$16::numeric\[\], .*\$18::text\[\], \$19::varchar\[\]\) WITH ORDINALITY AS u\(.*, n\) JOIN jsonb_array_elements\(\$20::jsonb\) WITH ORDINALITY AS a\(trace, n\) USING \(n\) ORDER BY n$/,
    );
    expect(sql).not.toMatch(/"id"/);
    expect(params).toHaveLength(COLUMNS);
    // Each column as a PostgreSQL array literal: strings quoted, NULL bare.
    expect(params[0]).toBe('{"a","b"}');
    expect(params[1]).toBe('{"2025-01-02T03:04:05.678Z","2025-01-02T03:04:05.678Z"}');
    expect(params[7]).toBe('{200,200}');
    expect(params[8]).toBe('{t,t}');
    expect(params[15]).toBe('{0.00042,NULL}');
    expect(params[COLUMNS - 2]).toBe('{"10.0.0.1",NULL}');
    expect(params[COLUMNS - 1]).toBe('[null,null]');
  });

  it('quotes every string element and escapes only quotes and backslashes', () => {
    const { params } = buildInsert([logRow({ model: 'NULL' }), logRow({ model: '' }), logRow({ model: 'a "b" \\ {c}, d' })]);
    expect(params[3]).toBe('{"NULL","","a \\"b\\" \\\\ {c}, d"}');
  });

  it('sends the routing traces as one JSON array, null for a row without one, their fields typed and cut', () => {
    const attempts = [{ apiId: 'x', apiName: 'n'.repeat(300), statusCode: 503, latencyMs: 12.4, error: 'busy' }];
    const stored = toStorableRow(logRow({ attempts }));
    const { params } = buildInsert([stored, toStorableRow(logRow())]);
    const trace = JSON.stringify([{ apiId: 'x', apiName: 'n'.repeat(200), statusCode: 503, latencyMs: 12, error: 'busy' }]);
    expect(params[COLUMNS - 1]).toBe(`[${trace},null]`);
    expect(toStorableRow(logRow({ attempts: [] }))).not.toHaveProperty('attempts');
  });

  it('keeps the values out of the SQL text, which is the same for every batch', () => {
    const { sql } = buildInsert([logRow({ errorMessage: "'); DROP TABLE request_logs; --" })]);
    expect(sql).not.toContain('DROP');
    expect(buildInsert(Array.from({ length: MAX_BATCH_ROWS }, () => logRow())).sql).toBe(sql);
  });

  it('refuses an empty batch and one above the batch size', () => {
    expect(() => buildInsert([])).toThrow(RangeError);
    expect(() => buildInsert(Array.from({ length: MAX_BATCH_ROWS + 1 }, () => logRow()))).toThrow(RangeError);
  });

  it('sends 20 parameters whatever the batch size', () => {
    const { params } = buildInsert(Array.from({ length: MAX_BATCH_ROWS }, () => logRow()));
    expect(params).toHaveLength(COLUMNS);
    for (const column of params.slice(0, -1)) expect((column as string).split(',')).toHaveLength(MAX_BATCH_ROWS);
    expect(JSON.parse(params[COLUMNS - 1] as string)).toHaveLength(MAX_BATCH_ROWS);
  });
});

describe('storable rows', () => {
  it('leaves a well-formed row as it is, as a copy', () => {
    const row = logRow();
    const stored = toStorableRow(row);
    expect(stored).toEqual(row);
    expect(stored).not.toBe(row);
  });

  it('cuts strings to their column and strips NUL characters', () => {
    const stored = toStorableRow(
      logRow({
        requestId: 'r'.repeat(100),
        model: 'm'.repeat(300),
        endpoint: 'e'.repeat(150),
        errorType: 't\0'.repeat(80),
        errorMessage: 'x'.repeat(MAX_ERROR_MESSAGE_LENGTH + 10),
        clientIp: 'i'.repeat(70),
      }),
    );
    expect(stored.requestId).toHaveLength(64);
    expect(stored.model).toHaveLength(200);
    expect(stored.endpoint).toHaveLength(100);
    expect(stored.errorType).toBe('t'.repeat(50));
    expect(stored.errorMessage).toHaveLength(MAX_ERROR_MESSAGE_LENGTH);
    expect(stored.clientIp).toHaveLength(64);
  });

  it('clamps numbers to their column and turns nonsense into null (or 0 where the column is required)', () => {
    const stored = toStorableRow(
      logRow({ statusCode: 70_000, latencyMs: Number.NaN, ttftMs: 12.6, promptTokens: -3, totalTokens: Infinity, costUsd: 1e12 }),
    );
    expect(stored).toMatchObject({
      statusCode: 32_767,
      latencyMs: 0,
      ttftMs: 13,
      promptTokens: 0,
      totalTokens: null,
      costUsd: 99_999_999.99999999,
    });
  });

  it('nulls malformed ids and usage sources, and dates the row now when its date is invalid', () => {
    const before = Date.now();
    const stored = toStorableRow(logRow({ userId: 'alice', apiId: '', usageSource: 'guess' as never, createdAt: new Date('nope') }));
    expect(stored).toMatchObject({ userId: null, apiId: null, usageSource: null });
    expect(stored.createdAt.getTime()).toBeGreaterThanOrEqual(before);
  });

  it('takes a uuid exactly as the regular expression it replaced did: 8-4-4-4-12 hex digits, either case', () => {
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    const samples = [
      'a3bb189e-8bf9-3888-9912-ace4e6543002',
      'A3BB189E-8BF9-3888-9912-ACE4E6543002',
      '00000000-0000-0000-0000-000000000000',
      'a3bb189e-8bf9-3888-9912-ace4e654300',
      'a3bb189e-8bf9-3888-9912-ace4e65430021',
      'a3bb189e_8bf9-3888-9912-ace4e6543002',
      'g3bb189e-8bf9-3888-9912-ace4e6543002',
      'a3bb189e-8bf9-3888-9912-ace4e654300G',
      'a3bb189e8bf9-3888-9912-ace4e6543002-',
      'a3bb189e-8bf9-3888-9912-ace4e654300/',
      'a3bb189e-8bf9-3888-9912-ace4e654300:',
      'a3bb189e-8bf9-3888-9912-ace4e654300@',
      'a3bb189e-8bf9-3888-9912-ace4e654300`',
      '',
    ];
    for (const value of samples) expect(isUuid(value)).toBe(UUID.test(value));
  });

  it('escapes a long field of a COPY line as a short one', () => {
    const long = 'x'.repeat(100) + '\\t\there\nand\r';
    const { data } = buildCopy([logRow({ errorMessage: long }), logRow({ errorMessage: 'y'.repeat(100) })]);
    const [first, second] = data.split('\n').map((line) => line.split('\t'));
    expect(first[17]).toBe('x'.repeat(100) + '\\\\t\\there\\nand\\r');
    expect(second[17]).toBe('y'.repeat(100));
  });

  it('builds COPY text: a line per row, columns in INSERT order separated by tabs, \\N for NULL, free text escaped', () => {
    const attempts = [{ apiId: 'x', apiName: 'tab\there', statusCode: 502, latencyMs: 3, error: 'said "no"\nagain \\' }];
    const { sql, data } = buildCopy([
      logRow({ requestId: 'a', model: 'back\\slash\ttab\nline\rcr \\N', attempts }),
      logRow({ requestId: 'b', costUsd: null, clientIp: null }),
    ]);
    expect(sql).toMatch(/^COPY "request_logs" \("request_id", "created_at", "user_id", .*"client_ip", "attempts"\) FROM STDIN$/);
    expect(sql).not.toMatch(/"id"/);
    const lines = data.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    const [first, second] = lines.map((line) => line.split('\t'));
    expect(first).toHaveLength(COLUMNS);
    expect(first[0]).toBe('a');
    expect(first[1]).toBe('2025-01-02T03:04:05.678Z');
    expect(first[3]).toBe('back\\\\slash\\ttab\\nline\\rcr \\\\N');
    expect(first[7]).toBe('200');
    expect(first[8]).toBe('t');
    expect(first[15]).toBe('0.00042');
    // The trace as JSON, whose own escapes are escaped again for COPY.
    expect(first[COLUMNS - 1]).toBe(JSON.stringify(attempts).replace(/\\/g, '\\\\').replace(/\t/g, '\\t'));
    expect(second.slice(COLUMNS - 5)).toEqual(['\\N', '\\N', '\\N', '\\N', '\\N']);
  });

  it('writes each field of a COPY line under the column COPY names at its place', () => {
    const attempts = [{ apiId: 'a1', apiName: 'n', statusCode: 502, latencyMs: 4, error: 'e' }];
    const row: RequestLogColumns = {
      requestId: 'req_1',
      createdAt: new Date(Date.UTC(2026, 10, 27, 1, 2, 3, 4)),
      userId: '00000000-0000-4000-8000-000000000001',
      model: 'alias',
      apiId: '00000000-0000-4000-8000-000000000002',
      upstreamModel: 'upstream',
      endpoint: 'chat/completions',
      statusCode: 201,
      stream: false,
      latencyMs: 11,
      ttftMs: 12,
      promptTokens: 13,
      completionTokens: 14,
      totalTokens: 27,
      usageSource: 'estimate',
      costUsd: 1.5,
      errorType: 'kind',
      errorMessage: 'message',
      clientIp: '10.0.0.1',
      attempts,
    };
    const expected: Record<string, string> = {
      request_id: 'req_1',
      created_at: '2026-11-27T01:02:03.004Z',
      user_id: '00000000-0000-4000-8000-000000000001',
      model: 'alias',
      api_id: '00000000-0000-4000-8000-000000000002',
      upstream_model: 'upstream',
      endpoint: 'chat/completions',
      status_code: '201',
      stream: 'f',
      latency_ms: '11',
      ttft_ms: '12',
      prompt_tokens: '13',
      completion_tokens: '14',
      total_tokens: '27',
      usage_source: 'estimate',
      cost_usd: '1.5',
      error_type: 'kind',
      error_message: 'message',
      client_ip: '10.0.0.1',
      attempts: JSON.stringify(attempts),
    };
    const { sql, data } = buildCopy([row]);
    const columns = /\((.*)\) FROM STDIN$/
      .exec(sql)![1]
      .split(', ')
      .map((c) => c.replace(/"/g, ''));
    expect([...columns].sort()).toEqual(Object.keys(expected).sort());
    const values = data.slice(0, -1).split('\t');
    columns.forEach((c, i) => expect([c, values[i]]).toEqual([c, expected[c]]));
    expect(
      buildCopy([row, { ...row, stream: true }])
        .data.split('\n')
        .map((line) => line.split('\t')[8]),
    ).toEqual(['f', 't', undefined]);
  });
});
