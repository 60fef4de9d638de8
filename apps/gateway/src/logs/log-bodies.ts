import type { InsertStatement } from './log-mapper';

/** Bodies of one logged call, ready for request_log_bodies. */
export interface StorableBodies {
  request: string | null;
  response: string | null;
  /** True when either body was cut. */
  truncated: boolean;
  /** UTF-8 size of both bodies: what the writer's queue accounts for them. */
  bytes: number;
}

/** The `logBodyMaxKb` setting's default, in bytes; used when no limit is passed. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
/** Body rows per INSERT (5 parameters each). */
export const MAX_BODY_ROWS_PER_INSERT = 500;
/** Body bytes per INSERT: at 10 MiB bodies, one batch would otherwise be a multi-gigabyte statement. */
export const MAX_BODY_BYTES_PER_INSERT = 16 * 1024 * 1024;

/**
 * The longest prefix of `text` whose UTF-8 encoding fits in `maxBytes`, never splitting a character.
 * NUL characters are removed first: PostgreSQL text cannot hold them.
 */
export function cutUtf8(text: string, maxBytes: number): { text: string; bytes: number; truncated: boolean } {
  const clean = text.includes('\0') ? text.replace(/\0/g, '') : text;
  // A UTF-16 code unit never takes more than 3 UTF-8 bytes: short strings need no encoding at all.
  if (clean.length * 3 <= maxBytes) return { text: clean, bytes: Buffer.byteLength(clean), truncated: false };
  const encoded = Buffer.from(clean, 'utf8');
  if (encoded.length <= maxBytes) return { text: clean, bytes: encoded.length, truncated: false };
  let end = Math.max(0, Math.floor(maxBytes));
  // encoded[end] is the first byte left out; a continuation byte (10xxxxxx) means its character began before.
  while (end > 0 && (encoded[end] & 0xc0) === 0x80) end--;
  return { text: encoded.subarray(0, end).toString('utf8'), bytes: end, truncated: true };
}

/** The call's bodies cut to `maxBytes` each, or undefined when it has none. */
export function storableBodies(request: unknown, response: unknown, maxBytes = DEFAULT_MAX_BODY_BYTES): StorableBodies | undefined {
  const req = typeof request === 'string' ? cutUtf8(request, maxBytes) : null;
  const res = typeof response === 'string' ? cutUtf8(response, maxBytes) : null;
  if (!req && !res) return undefined;
  return {
    request: req?.text ?? null,
    response: res?.text ?? null,
    truncated: Boolean(req?.truncated || res?.truncated),
    bytes: (req?.bytes ?? 0) + (res?.bytes ?? 0),
  };
}

export interface BodyRow {
  requestId: string;
  createdAt: Date;
  bodies: StorableBodies;
}

/**
 * Multi-row INSERTs for request_log_bodies, split by row count and by size. A request id seen twice
 * keeps its first body: the log row's `(request_id, created_at)` finds it again, a second one is dropped.
 */
export function buildBodyInserts(rows: readonly BodyRow[]): InsertStatement[] {
  const statements: InsertStatement[] = [];
  let tuples: string[] = [];
  let params: unknown[] = [];
  let bytes = 0;
  const emit = () => {
    if (tuples.length === 0) return;
    statements.push({
      sql:
        'INSERT INTO "request_log_bodies" ("request_id", "created_at", "request_body", "response_body", "truncated") ' +
        `VALUES ${tuples.join(', ')} ON CONFLICT ("request_id") DO NOTHING`,
      params,
    });
    tuples = [];
    params = [];
    bytes = 0;
  };
  for (const row of rows) {
    if (tuples.length >= MAX_BODY_ROWS_PER_INSERT || (tuples.length > 0 && bytes + row.bodies.bytes > MAX_BODY_BYTES_PER_INSERT)) emit();
    const n = params.length;
    tuples.push(`($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5})`);
    params.push(row.requestId, row.createdAt, row.bodies.request, row.bodies.response, row.bodies.truncated);
    bytes += row.bodies.bytes;
  }
  emit();
  return statements;
}
