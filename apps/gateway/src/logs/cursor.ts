/**
 * Keyset cursors for the newest-first log listing. A cursor is the (created_at, id) of the last row a
 * page showed, base64url-encoded so clients treat it as opaque. The timestamp keeps PostgreSQL's
 * microseconds: a millisecond cursor would skip or repeat rows whose created_at has finer precision.
 */
export interface LogCursor {
  /** created_at as UTC ISO 8601 with up to 6 fractional digits, e.g. `2025-01-02T03:04:05.123456Z`. */
  createdAt: string;
  /** The row's bigint id, as a decimal string. */
  id: string;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const MAX_BIGINT = 9223372036854775807n;
/** Ample for an ISO timestamp, a separator and a 19-digit id; longer input is refused unread. */
const MAX_CURSOR_LENGTH = 128;

/** True for a positive integer in decimal without leading zeros that fits PostgreSQL's bigint. */
export function isLogId(value: unknown): value is string {
  return typeof value === 'string' && /^[1-9]\d{0,18}$/.test(value) && BigInt(value) <= MAX_BIGINT;
}

export function encodeCursor(cursor: LogCursor): string {
  return Buffer.from(`${cursor.createdAt}|${cursor.id}`, 'utf8').toString('base64url');
}

/** The cursor, or null when the text is not one this gateway issued (never throws). */
export function decodeCursor(text: unknown): LogCursor | null {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_CURSOR_LENGTH || !BASE64URL.test(text)) return null;
  const [createdAt, id, ...rest] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !ISO_UTC.test(createdAt) || !isLogId(id)) return null;
  // The pattern admits February 30 or hour 24; a round trip through Date does not (PostgreSQL would 500).
  const parsed = new Date(createdAt);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 19) !== createdAt.slice(0, 19)) return null;
  return { createdAt, id };
}
