import { RequestLogItem, RoutingAttempt } from '@switchyard/contracts';
import { isoTime } from './iso-time';
import { StorableBodies, storableBodies } from './log-bodies';
import { RequestLogEntity } from './request-log.entity';

/** Every request_logs column except the generated `id`. */
export interface RequestLogColumns {
  requestId: string;
  /** When the request started. */
  createdAt: Date;
  userId: string | null;
  /** The alias as the client asked for it. */
  model: string | null;
  apiId: string | null;
  upstreamModel: string | null;
  endpoint: string;
  statusCode: number;
  stream: boolean;
  latencyMs: number;
  ttftMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
  usageSource: 'upstream' | 'estimate' | null;
  costUsd: number | null;
  errorType: string | null;
  errorMessage: string | null;
  clientIp: string | null;
  /** The routing trace; absent or null when the call never reached an upstream. */
  attempts?: RoutingAttempt[] | null;
}

/** One `/v1` call as the proxy hands it to the LogWriter. */
export interface NewRequestLog extends RequestLogColumns {
  /** Set only while the `logRequestBodies` setting is on; stored in request_log_bodies, cut to `logBodyMaxKb`. */
  requestBody?: string | null;
  responseBody?: string | null;
}

/** A queued row: columns the database will accept, and its bodies (already cut) when it has any. */
export interface StorableRequestLog extends RequestLogColumns {
  bodies?: StorableBodies;
}

// Fails to compile when the entity gains or loses a column that RequestLogColumns does not mirror.
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : never;
const _columnsMirrorEntity: SameKeys<RequestLogColumns, Omit<RequestLogEntity, 'id'>> = true;

/** Field → column and its type, in INSERT order. */
const COLUMN_OF = {
  requestId: ['request_id', 'varchar'],
  createdAt: ['created_at', 'timestamptz'],
  userId: ['user_id', 'uuid'],
  model: ['model', 'varchar'],
  apiId: ['api_id', 'uuid'],
  upstreamModel: ['upstream_model', 'varchar'],
  endpoint: ['endpoint', 'varchar'],
  statusCode: ['status_code', 'smallint'],
  stream: ['stream', 'boolean'],
  latencyMs: ['latency_ms', 'integer'],
  ttftMs: ['ttft_ms', 'integer'],
  promptTokens: ['prompt_tokens', 'integer'],
  completionTokens: ['completion_tokens', 'integer'],
  totalTokens: ['total_tokens', 'integer'],
  usageSource: ['usage_source', 'varchar'],
  costUsd: ['cost_usd', 'numeric'],
  errorType: ['error_type', 'varchar'],
  errorMessage: ['error_message', 'text'],
  clientIp: ['client_ip', 'varchar'],
  attempts: ['attempts', 'jsonb'],
} as const satisfies Record<keyof RequestLogColumns, readonly [column: string, type: string]>;

const FIELDS = Object.keys(COLUMN_OF) as (keyof RequestLogColumns)[];
type ColumnType = (typeof COLUMN_OF)[keyof RequestLogColumns][1];
/** Every column but the routing trace, which goes as one JSON array (see {@link buildInsert}). */
const ARRAY_FIELDS = FIELDS.filter((f): f is Exclude<keyof RequestLogColumns, 'attempts'> => f !== 'attempts');
const column = (f: keyof RequestLogColumns) => `"${COLUMN_OF[f][0]}"`;
const INSERT_SQL =
  `INSERT INTO "request_logs" (${ARRAY_FIELDS.map(column).join(', ')}, "attempts") ` +
  `SELECT ${ARRAY_FIELDS.map((f) => `u.${column(f)}`).join(', ')}, NULLIF(a.trace, 'null') ` +
  `FROM unnest(${ARRAY_FIELDS.map((f, i) => `$${i + 1}::${COLUMN_OF[f][1]}[]`).join(', ')}) ` +
  `WITH ORDINALITY AS u(${ARRAY_FIELDS.map(column).join(', ')}, n) ` +
  `JOIN jsonb_array_elements($${ARRAY_FIELDS.length + 1}::jsonb) WITH ORDINALITY AS a(trace, n) USING (n) ORDER BY n`;

/** What the log's INSERTs end with: a request id already stored is skipped, the first row kept. */
export const SKIP_STORED_IDS = ' ON CONFLICT ("request_id") DO NOTHING';
/** Rows per written batch (one COPY or INSERT), and per spool replay batch. */
export const MAX_BATCH_ROWS = 500;
/** Upstream error texts can be long; the log keeps their start. */
export const MAX_ERROR_MESSAGE_LENGTH = 4_000;

/** A statement with its parameters. */
export interface InsertStatement {
  sql: string;
  params: unknown[];
}

/** A `COPY … FROM STDIN` and the rows it reads, in PostgreSQL's text format. */
export interface CopyStatement {
  sql: string;
  data: string;
}

const COPY_SQL = `COPY "request_logs" (${FIELDS.map(column).join(', ')}) FROM STDIN`;
/** COPY's NULL. */
const NULL = '\\N';
const copyText = (value: string | null | undefined): string => (value == null ? NULL : copyEscaped(value));
const copyNumber = (value: number | null | undefined): string => (value == null ? NULL : String(value));

/**
 * One INSERT for 1..MAX_BATCH_ROWS rows: one array parameter per column, zipped back into rows by
 * `unnest`. With one parameter per value instead (a VALUES list of 20 × rows), node-postgres serialised
 * 10,000 parameters per batch and PostgreSQL parsed and planned as many expressions; bench/log-insert.ts
 * measured both, and a single JSON parameter read by json_to_recordset. Each array is sent as its
 * PostgreSQL literal (`{"a","b",NULL}`), built here: node-postgres would build the same text with two
 * regular-expression replaces per element and a local-time date formatter. The routing traces go as
 * one JSON array (one `JSON.stringify`, where a jsonb[] literal would escape every quote of every
 * trace), matched to the rows by position.
 */
export function buildInsert(rows: readonly RequestLogColumns[]): InsertStatement {
  if (rows.length === 0 || rows.length > MAX_BATCH_ROWS)
    throw new RangeError(`an INSERT takes 1..${MAX_BATCH_ROWS} rows, not ${rows.length}`);
  const params: string[] = ARRAY_FIELDS.map((field) => {
    const type = COLUMN_OF[field][1];
    let literal = '{';
    for (let i = 0; i < rows.length; i++) {
      const value = rows[i][field];
      literal += (i === 0 ? '' : ',') + (value === null || value === undefined ? 'NULL' : elementOf(type, value));
    }
    return literal + '}';
  });
  params.push(JSON.stringify(rows.map((row) => row.attempts ?? null)));
  return { sql: INSERT_SQL, params };
}

/**
 * The rows of one `COPY "request_logs" … FROM STDIN` (text format): one line per row, columns in
 * `COLUMN_OF` order separated by tabs, `\N` for NULL, backslash, tab, newline and carriage return
 * escaped. PostgreSQL reads each value with the same input function as the array elements of
 * {@link buildInsert}, so both store the same; COPY skips building 19 arrays and unnesting them, and
 * costs the server about a fifth less per row (docs/performance.md). It has no `ON CONFLICT`: a
 * batch that holds a request id already stored fails whole (SQLSTATE 23505) and the writer sends it
 * again as the INSERT, which skips that row.
 */
export function buildCopy(rows: readonly RequestLogColumns[]): CopyStatement {
  const lines = new Array<string>(rows.length + 1);
  for (let i = 0; i < rows.length; i++) lines[i] = copyLine(rows[i]);
  lines[rows.length] = ''; // the last line's newline
  return { sql: COPY_SQL, data: lines.join('\n') };
}

/**
 * One row as a COPY text line, its fields in `COLUMN_OF` order (log-mapper.spec checks the order
 * against COPY_SQL's columns). Written out field by field: a loop over the field names made every
 * read a megamorphic keyed load and built the batch as a V8 cons string of 20,000 pieces, which the
 * send then had to flatten (docs/performance.md, eleventh pass); `join` builds it flat.
 */
function copyLine(row: RequestLogColumns): string {
  return [
    copyText(row.requestId),
    row.createdAt == null ? NULL : isoTime(row.createdAt),
    copyText(row.userId),
    copyText(row.model),
    copyText(row.apiId),
    copyText(row.upstreamModel),
    copyText(row.endpoint),
    copyNumber(row.statusCode),
    row.stream == null ? NULL : row.stream ? 't' : 'f',
    copyNumber(row.latencyMs),
    copyNumber(row.ttftMs),
    copyNumber(row.promptTokens),
    copyNumber(row.completionTokens),
    copyNumber(row.totalTokens),
    copyText(row.usageSource),
    copyNumber(row.costUsd),
    copyText(row.errorType),
    copyText(row.errorMessage),
    copyText(row.clientIp),
    row.attempts == null ? NULL : copyEscaped(JSON.stringify(row.attempts)),
  ].join('\t');
}

const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;

/** A quoted array element: exact, whatever it holds (braces, commas, spaces, `NULL`). */
function quoted(text: string): string {
  return `"${NEEDS_ESCAPE.test(text) ? text.replace(ESCAPED, '\\$&') : text}"`;
}

const NEEDS_COPY_ESCAPE = /[\\\t\n\r]/;
const COPY_ESCAPED = /[\\\t\n\r]/g;
const COPY_ESCAPE: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A value in a COPY text line: exact, whatever it holds (tabs, newlines, backslashes, `\N`). */
function copyEscaped(text: string): string {
  return needsCopyEscape(text) ? text.replace(COPY_ESCAPED, (c) => COPY_ESCAPE[c]) : text;
}

/**
 * Whether `text` holds a backslash, tab, newline or carriage return. A short field (ids, names, the
 * endpoint: most of a row) is read in a loop, cheaper than a regular expression's call; a long one
 * (an error message, a routing trace) by the expression, faster per character.
 */
function needsCopyEscape(text: string): boolean {
  if (text.length > 64) return NEEDS_COPY_ESCAPE.test(text);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c || c === 0x09 || c === 0x0a || c === 0x0d) return true;
  }
  return false;
}

/** Column type → a non-null value as the text PostgreSQL's input function reads. */
const TEXT_OF: Record<Exclude<ColumnType, 'jsonb'>, (value: unknown) => string> = {
  varchar: String,
  text: String,
  uuid: String,
  timestamptz: (value) => isoTime(value as Date),
  smallint: String,
  integer: String,
  numeric: String,
  boolean: (value) => (value ? 't' : 'f'),
};
/** Types an array literal quotes (their text may hold commas, braces, quotes); the others are digits or t/f. */
const QUOTED_TYPES = new Set<ColumnType>(['varchar', 'text', 'uuid', 'timestamptz']);

/** Column type → a non-null value as an array element. */
const elementOf = (type: Exclude<ColumnType, 'jsonb'>, value: unknown): string =>
  QUOTED_TYPES.has(type) ? quoted(TEXT_OF[type](value)) : TEXT_OF[type](value);

const INT32_MAX = 2_147_483_647;
const SMALLINT_MAX = 32_767;
/** numeric(16, 8) holds |x| < 10^8. */
const COST_MAX = 99_999_999.99999999;

function text(value: unknown, max: number): string {
  // PostgreSQL text cannot hold NUL; one would fail the whole batch.
  const s = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
  const cut = s.length > max ? s.slice(0, max) : s;
  // A search for the character, not a regular expression run on every field of every row.
  return cut.includes('\0') ? cut.replace(/\0/g, '') : cut;
}

const optionalText = (value: unknown, max: number): string | null => (value === null || value === undefined ? null : text(value, max));
const uuid = (value: unknown): string | null => (typeof value === 'string' && isUuid(value) ? value : null);

/**
 * `8-4-4-4-12` hex digits, either case. Read character by character: the regular expression it
 * replaces took ~0.4 µs a call in the gateway under load, twice per row (docs/performance.md,
 * fourteenth pass).
 */
export function isUuid(value: string): boolean {
  if (value.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = value.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 0x2d) return false;
    } else if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46))) return false;
  }
  return true;
}

function int(value: unknown, max: number): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  return Math.min(Math.max(Math.round(value), 0), max);
}

function cost(value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  return Math.min(Math.max(value, -COST_MAX), COST_MAX);
}

/**
 * A copy of the row that the database will accept: strings cut to their column's length, numbers
 * clamped to their column's range, malformed ids nulled, bodies cut to `maxBodyBytes` (UTF-8). One bad
 * row must not block the whole queue, and a copy also keeps the queued row safe from later changes by
 * the caller.
 */
export function toStorableRow(row: NewRequestLog, maxBodyBytes?: number): StorableRequestLog {
  const createdAt = row.createdAt instanceof Date && !Number.isNaN(row.createdAt.getTime()) ? row.createdAt : new Date();
  const bodies = storableBodies(row.requestBody, row.responseBody, maxBodyBytes);
  const stored: StorableRequestLog = {
    requestId: text(row.requestId, 64),
    createdAt,
    userId: uuid(row.userId),
    model: optionalText(row.model, 200),
    apiId: uuid(row.apiId),
    upstreamModel: optionalText(row.upstreamModel, 200),
    endpoint: text(row.endpoint, 100),
    statusCode: int(row.statusCode, SMALLINT_MAX) ?? 0,
    stream: row.stream === true,
    latencyMs: int(row.latencyMs, INT32_MAX) ?? 0,
    ttftMs: int(row.ttftMs, INT32_MAX),
    promptTokens: int(row.promptTokens, INT32_MAX),
    completionTokens: int(row.completionTokens, INT32_MAX),
    totalTokens: int(row.totalTokens, INT32_MAX),
    usageSource: row.usageSource === 'upstream' || row.usageSource === 'estimate' ? row.usageSource : null,
    costUsd: cost(row.costUsd),
    errorType: optionalText(row.errorType, 100),
    errorMessage: optionalText(row.errorMessage, MAX_ERROR_MESSAGE_LENGTH),
    clientIp: optionalText(row.clientIp, 64),
  };
  const attempts = storableAttempts(row.attempts);
  if (attempts) stored.attempts = attempts;
  if (bodies) stored.bodies = bodies;
  return stored;
}

const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Lone UTF-16 surrogates (a text cut inside an emoji, an upstream's `\ud800` escape) as U+FFFD, as
 * UTF-8 encoding does for text columns: in JSON they would stay `\udxxx` escapes, which PostgreSQL's
 * jsonb refuses, failing the row.
 */
function wellFormed(value: string): string {
  return SURROGATE.test(value) ? value.replace(LONE_SURROGATE, '\uFFFD') : value;
}

/** At most 10 attempts (the routingMaxAttempts bound), each field typed and cut; null when there are none. */
function storableAttempts(attempts: unknown): RoutingAttempt[] | null {
  if (!Array.isArray(attempts) || attempts.length === 0) return null;
  return attempts.slice(0, 10).map((a: Partial<RoutingAttempt>) => {
    const error = optionalText(a.error, 500);
    return {
      apiId: wellFormed(text(a.apiId, 64)),
      apiName: wellFormed(text(a.apiName, 200)),
      statusCode: int(a.statusCode, SMALLINT_MAX),
      latencyMs: int(a.latencyMs, INT32_MAX) ?? 0,
      error: error === null ? null : wellFormed(error),
    };
  });
}

/** Entity → wire type (`clientIp` stays server-side). */
export function toRequestLogItem(row: RequestLogEntity): RequestLogItem {
  return {
    id: String(row.id),
    requestId: row.requestId,
    createdAt: row.createdAt.toISOString(),
    userId: row.userId,
    model: row.model,
    apiId: row.apiId,
    upstreamModel: row.upstreamModel,
    endpoint: row.endpoint,
    statusCode: row.statusCode,
    stream: row.stream,
    latencyMs: row.latencyMs,
    ttftMs: row.ttftMs,
    promptTokens: row.promptTokens,
    completionTokens: row.completionTokens,
    totalTokens: row.totalTokens,
    usageSource: row.usageSource,
    costUsd: row.costUsd,
    errorType: row.errorType,
    errorMessage: row.errorMessage,
  };
}
