/**
 * `node dist/gateway/bench/log-insert.js [rows] [--rounds N] [--server postgres://...]` (after a gateway
 * build): the request log writer's batch INSERT, written in several forms against a real PostgreSQL.
 *
 * Creates a scratch database on the server (default postgres://postgres@127.0.0.1:5432/test), migrates
 * it, and writes `rows` (default 200 000) realistic rows in 500-row batches, once per form and round
 * (forms interleaved, their order rotated each round, the table truncated before each run). For each
 * run: CPU µs per row of this process (`process.cpuUsage`: building the statement, node-postgres
 * serialising it, the socket, GC) and of the PostgreSQL backend serving the connection
 * (`/proc/<pg_backend_pid()>/stat` utime + stime, so the server must run on this machine), and the
 * build alone (no database). Prints medians over the rounds, and checks that every form stored exactly
 * the same rows (a digest of every column). Drops the scratch database at the end.
 *
 * Forms: `copy` is how the writer sends a batch (`buildCopy`: `COPY … FROM STDIN`, text format);
 * `unnest` is its INSERT, for batches that may hold stored request ids (`buildInsert`: one typed array
 * parameter per column, sent as the array literal it builds, and the routing traces as one JSON
 * array), and `unnest, prepared` the same as a named (prepared) statement; `values` is the writer's
 * first statement (one bind parameter per value, a VALUES list of 20 × rows), kept as the baseline;
 * `unnest, node-postgres arrays` the unnest statement with JS arrays that node-postgres turns into
 * literals; `json` the batch as one JSON parameter read by `json_to_recordset`; `jsonb` the same through
 * `jsonb_to_recordset`. Every INSERT form gets the writer's `ON CONFLICT ("request_id") DO NOTHING`.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { runMigrations } from '../apps/gateway/src/core/migrate';
import {
  buildCopy,
  buildInsert,
  CopyStatement,
  InsertStatement,
  MAX_BATCH_ROWS,
  NewRequestLog,
  SKIP_STORED_IDS,
  StorableRequestLog,
  toStorableRow,
} from '../apps/gateway/src/logs/log-mapper';
import { runStatement } from '../apps/gateway/src/logs/log-sql';
import { median } from './proxy/numbers';
import { cpuMicros } from './proxy/proc-stats';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** The writer's previous statement: `(request_id, ..., attempts)` columns, one `$n` per value. */
const VALUES_COLUMNS: [keyof StorableRequestLog, string, string][] = [
  ['requestId', 'request_id', 'varchar'],
  ['createdAt', 'created_at', 'timestamptz'],
  ['userId', 'user_id', 'uuid'],
  ['model', 'model', 'varchar'],
  ['apiId', 'api_id', 'uuid'],
  ['upstreamModel', 'upstream_model', 'varchar'],
  ['endpoint', 'endpoint', 'varchar'],
  ['statusCode', 'status_code', 'smallint'],
  ['stream', 'stream', 'boolean'],
  ['latencyMs', 'latency_ms', 'integer'],
  ['ttftMs', 'ttft_ms', 'integer'],
  ['promptTokens', 'prompt_tokens', 'integer'],
  ['completionTokens', 'completion_tokens', 'integer'],
  ['totalTokens', 'total_tokens', 'integer'],
  ['usageSource', 'usage_source', 'varchar'],
  ['costUsd', 'cost_usd', 'numeric'],
  ['errorType', 'error_type', 'varchar'],
  ['errorMessage', 'error_message', 'text'],
  ['clientIp', 'client_ip', 'varchar'],
  ['attempts', 'attempts', 'jsonb'],
];
const COLUMN_LIST = VALUES_COLUMNS.map(([, column]) => `"${column}"`).join(', ');

function valuesInsert(rows: readonly StorableRequestLog[]): InsertStatement {
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    const placeholders = VALUES_COLUMNS.map(([field]) => {
      params.push(field === 'attempts' ? (row.attempts ? JSON.stringify(row.attempts) : null) : row[field]);
      return `$${params.length}`;
    });
    return `(${placeholders.join(', ')})`;
  });
  return { sql: `INSERT INTO "request_logs" (${COLUMN_LIST}) VALUES ${tuples.join(', ')}`, params };
}

/** json_to_recordset reads each field (the JSON key) as its column's type. */
const RECORD = VALUES_COLUMNS.map(([field, , type]) => `"${field}" ${type}`).join(', ');
const jsonSql = (fn: string) =>
  `INSERT INTO "request_logs" (${COLUMN_LIST}) SELECT ${VALUES_COLUMNS.map(([field]) => `r."${field}"`).join(', ')} FROM ${fn} AS r(${RECORD})`;
const JSON_SQL = jsonSql('json_to_recordset($1::json)');
const JSONB_SQL = jsonSql('jsonb_to_recordset($1::jsonb)');

/**
 * The batch as one JSON array. Bodies are left out (they have their own table). JSON.stringify writes a
 * lone UTF-16 surrogate (a string cut inside an emoji) as `\udxxx`, which PostgreSQL's json refuses;
 * node-postgres sends it as U+FFFD: do the same. Escaped backslashes are matched too, so that a
 * backslash followed by "ud800" stays.
 */
function batchJson(rows: readonly StorableRequestLog[]): string {
  const json = JSON.stringify(rows.map((row) => (row.bodies === undefined ? row : { ...row, bodies: undefined })));
  return json.includes('\\ud') ? json.replace(/\\(?:\\|ud[89a-f][0-9a-f]{2})/g, (escape) => (escape === '\\\\' ? escape : '\ufffd')) : json;
}

/** The `unnest` statement with plain JS arrays as parameters, serialised to array literals by node-postgres. */
function pgArraysInsert(rows: readonly StorableRequestLog[]): InsertStatement {
  const params: unknown[] = VALUES_COLUMNS.filter(([field]) => field !== 'attempts').map(([field]) => rows.map((row) => row[field]));
  params.push(JSON.stringify(rows.map((row) => row.attempts ?? null)));
  return { sql: buildInsert(rows.slice(0, 1)).sql, params };
}

/** Column width for the form names in the output. */
const FORM_WIDTH = 28;

/** A named statement: node-postgres prepares it once per connection, then only binds and executes it. */
type PreparedStatement = InsertStatement & { name: string };

const FORMS: Record<string, (rows: readonly StorableRequestLog[]) => InsertStatement | PreparedStatement | CopyStatement> = {
  values: valuesInsert,
  'unnest, node-postgres arrays': pgArraysInsert,
  json: (rows) => ({ sql: JSON_SQL, params: [batchJson(rows)] }),
  jsonb: (rows) => ({ sql: JSONB_SQL, params: [batchJson(rows)] }),
  unnest: buildInsert,
  'unnest, prepared': (rows) => ({ ...buildInsert(rows), name: 'bench_request_logs_insert' }),
  copy: buildCopy,
};

/** Sends one batch as the writer would: an INSERT with its ON CONFLICT, a COPY as it is. */
async function send(client: Client, statement: InsertStatement | PreparedStatement | CopyStatement): Promise<void> {
  if ('data' in statement) await runStatement(client, statement);
  else if ('name' in statement)
    await client.query({ name: statement.name, text: statement.sql + SKIP_STORED_IDS, values: statement.params });
  else await runStatement(client, { sql: statement.sql + SKIP_STORED_IDS, params: statement.params });
}

const UUIDS = Array.from({ length: 40 }, () => {
  const h = randomBytes(16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
});
const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet', 'embed-small', 'llama-70b'];
const ERRORS = [
  'upstream answered 502: {"error":{"message":"Bad gateway \\"edge\\" C:\\\\tmp","type":"server_error"}}',
  'upstream timed out after 30000 ms — Zeitüberschreitung; 超时 😀 tab\there',
  'connect ECONNREFUSED 10.0.0.7:443\u0000 (NUL stripped)',
];
/** Cut to 4 000 characters between the two halves of the emoji: a lone surrogate. */
const CUT_EMOJI = `cut inside an emoji: ${'x'.repeat(3_978)}😀`;

/** Rows as the proxy logs them: mostly successes with one routing attempt, some failures with two. */
function realisticRows(count: number): StorableRequestLog[] {
  const base = Date.parse('2026-11-20T08:00:00.000Z');
  return Array.from({ length: count }, (_, i) => {
    const failed = i % 20 === 7;
    const stream = i % 5 === 0;
    const embed = i % 11 === 0;
    const api = UUIDS[30 + (i % 3)];
    const prompt = 20 + ((i * 37) % 2_000);
    const completion = embed ? 0 : 5 + ((i * 13) % 800);
    const status = failed ? [502, 500, 429, 504][i % 4] : 200;
    const entry: NewRequestLog = {
      requestId: `req_${(0x1a2b3c4d5e6f + i).toString(16)}${i.toString(16).padStart(12, '0')}`,
      createdAt: new Date(base + i * 7 + (i % 1000)),
      userId: i % 50 === 0 ? null : UUIDS[i % 30],
      model: MODELS[i % MODELS.length],
      apiId: api,
      upstreamModel: `${MODELS[i % MODELS.length]}-2024-08-06`,
      endpoint: embed ? '/v1/embeddings' : '/v1/chat/completions',
      statusCode: status,
      stream,
      latencyMs: 40 + ((i * 7919) % 9_000),
      ttftMs: stream ? 30 + ((i * 31) % 900) : null,
      promptTokens: failed ? null : prompt,
      completionTokens: failed ? null : completion,
      totalTokens: failed ? null : prompt + completion,
      usageSource: failed ? null : i % 9 === 0 ? 'estimate' : 'upstream',
      costUsd: failed ? null : (prompt * 2.5 + completion * 10) / 1e6,
      errorType: failed ? 'upstream_error' : null,
      errorMessage: failed ? (i % 10_000 === 7 ? CUT_EMOJI : ERRORS[i % ERRORS.length]) : null,
      clientIp: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      attempts: [
        ...(failed ? [{ apiId: UUIDS[33], apiName: 'backup "eu"', statusCode: 503, latencyMs: 12, error: 'busy' }] : []),
        {
          apiId: api,
          apiName: `api-${i % 3}`,
          statusCode: status,
          latencyMs: 35,
          error: failed ? ERRORS[i % ERRORS.length].slice(0, 80) : null,
        },
      ],
    };
    return toStorableRow(entry);
  });
}

interface Run {
  form: string;
  gatewayUs: number;
  backendUs: number;
  rowsPerSecond: number;
  digest: string;
}

/** Every stored column but the generated id, in request id order. */
const DIGEST_SQL = `SELECT count(*)::int AS count, md5(string_agg(concat_ws('|', request_id, to_char(created_at AT TIME ZONE 'UTC',
  'YYYY-MM-DD HH24:MI:SS.US'), user_id, model, api_id, upstream_model, endpoint, status_code, stream, latency_ms, ttft_ms, prompt_tokens,
  completion_tokens, total_tokens, usage_source, cost_usd, error_type, error_message, client_ip, attempts::text), E'\\n' ORDER BY request_id)) AS digest
  FROM request_logs`;

async function timeForm(client: Client, backendPid: number, form: string, batches: StorableRequestLog[][]): Promise<Run> {
  await client.query('TRUNCATE request_logs');
  const build = FORMS[form];
  const rows = batches.reduce((n, b) => n + b.length, 0);
  const backendBefore = cpuMicros(backendPid);
  const started = performance.now();
  const before = process.cpuUsage();
  for (const batch of batches) await send(client, build(batch));
  const used = process.cpuUsage(before);
  const ms = performance.now() - started;
  const backendAfter = cpuMicros(backendPid);
  if (backendBefore === null || backendAfter === null)
    throw new Error(`cannot read /proc/${backendPid}/stat: is the server on this machine?`);
  const { rows: check } = await client.query<{ count: number; digest: string }>(DIGEST_SQL);
  if (check[0].count !== rows) throw new Error(`${form}: ${check[0].count} rows stored, ${rows} written`);
  return {
    form,
    gatewayUs: (used.user + used.system) / rows,
    backendUs: (backendAfter - backendBefore) / rows,
    rowsPerSecond: (rows / ms) * 1000,
    digest: check[0].digest,
  };
}

/** CPU µs per row of building the statements alone, best of three. */
function buildOnly(form: string, batches: StorableRequestLog[][]): number {
  let best = Infinity;
  const rows = batches.reduce((n, b) => n + b.length, 0);
  for (let i = 0; i < 3; i++) {
    const before = process.cpuUsage();
    for (const batch of batches) FORMS[form](batch);
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / rows);
  }
  return best;
}

async function main(args: string[]): Promise<void> {
  const option = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args.splice(i, 2)[1] : undefined;
  };
  const server = option('--server') ?? 'postgres://postgres@127.0.0.1:5432/test';
  const rounds = Number(option('--rounds') ?? 3);
  const count = Number(args[0] ?? 200_000);
  if (!Number.isInteger(count) || count < MAX_BATCH_ROWS || !Number.isInteger(rounds) || rounds < 1)
    throw new Error(`usage: log-insert.js [rows ≥ ${MAX_BATCH_ROWS}] [--rounds N] [--server URL]`);

  const name = `switchyard_bench_logs_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new Client({ connectionString: server });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const client = new Client({ connectionString: url.toString() });
  try {
    await runMigrations(url.toString(), () => undefined);
    await client.connect();
    const { rows: pid } = await client.query<{ pid: number; version: string }>(
      "SELECT pg_backend_pid() AS pid, current_setting('server_version') AS version",
    );
    const rows = realisticRows(count);
    const batches: StorableRequestLog[][] = [];
    for (let i = 0; i < rows.length; i += MAX_BATCH_ROWS) batches.push(rows.slice(i, i + MAX_BATCH_ROWS));
    const forms = Object.keys(FORMS);
    say(
      `${count.toLocaleString('en-US')} rows in ${batches.length} batches of ≤ ${MAX_BATCH_ROWS}, ${rounds} rounds; PostgreSQL ${pid[0].version}`,
    );

    // Warm-up: JIT, the server's caches and the table's first pages.
    for (const form of forms) await timeForm(client, pid[0].pid, form, batches.slice(0, 20));
    const runs: Run[] = [];
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < forms.length; k++) {
        const run = await timeForm(client, pid[0].pid, forms[(k + round) % forms.length], batches);
        runs.push(run);
        say(
          `  round ${round + 1} ${run.form.padEnd(FORM_WIDTH)} gateway ${run.gatewayUs.toFixed(1).padStart(6)} µs/row  backend ${run.backendUs.toFixed(1).padStart(6)} µs/row  ${Math.round(run.rowsPerSecond)} rows/s`,
        );
      }
    }
    const digests = new Set(runs.map((r) => r.digest));
    say('');
    say(`${'form'.padEnd(FORM_WIDTH)} gateway µs/row  backend µs/row  total µs/row  build only µs/row  rows/s   (medians)`);
    for (const form of forms) {
      const mine = runs.filter((r) => r.form === form);
      const gw = median(mine.map((r) => r.gatewayUs));
      const be = median(mine.map((r) => r.backendUs));
      say(
        `${form.padEnd(FORM_WIDTH)} ${gw.toFixed(1).padStart(14)} ${be.toFixed(1).padStart(15)} ${(gw + be).toFixed(1).padStart(13)} ${buildOnly(form, batches).toFixed(1).padStart(18)} ${String(Math.round(median(mine.map((r) => r.rowsPerSecond)))).padStart(7)}`,
      );
    }
    say(digests.size === 1 ? 'stored rows: identical for every form' : `stored rows DIFFER between forms: ${[...digests].join(', ')}`);
    if (digests.size !== 1) process.exitCode = 1;
  } finally {
    await client.end().catch(() => undefined);
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
