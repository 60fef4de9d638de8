import type { LogFilters } from '@switchyard/contracts';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** A filter timestamp: normalised ISO 8601 with an explicit offset, and its instant in microseconds. */
export interface FilterTimestamp {
  iso: string;
  micros: bigint;
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-](\d{2})(?::?(\d{2}))?))?$/i;

/**
 * Parses `from`/`to`: a date-time with a time zone (`2025-06-01T12:00:00Z`, `…+02:00`, seconds and up to
 * six fractional digits optional) or a bare date, read as UTC midnight. A date-time without a zone is
 * refused rather than guessed: the server's zone is not the operator's. Null when invalid.
 */
export function parseTimestamp(value: unknown): FilterTimestamp | null {
  if (typeof value !== 'string' || value.length > 40) return null;
  const m = TIMESTAMP.exec(value);
  if (!m) return null;
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '', zone = 'Z', zoneHour = '00', zoneMinute = '00'] = m;
  const [y, mo, d, h, mi, s, zh, zm] = [year, month, day, hour, minute, second, zoneHour, zoneMinute].map(Number);
  if (y < 1 || h > 23 || mi > 59 || s > 59 || zh > 15 || zm > 59) return null;
  const dayStart = Date.UTC(y, mo - 1, d);
  const check = new Date(dayStart);
  // Date.UTC rolls February 30 over to March 2; PostgreSQL would refuse it with a 500 instead.
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  const sign = zone.toUpperCase() === 'Z' ? 0 : zone.startsWith('-') ? -1 : 1;
  const offsetMs = sign * (zh * 60 + zm) * 60_000;
  const ms = dayStart + ((h * 60 + mi) * 60 + s) * 1000 - offsetMs;
  const micros = BigInt(ms) * 1000n + BigInt(fraction.padEnd(6, '0'));
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const offset = sign === 0 ? 'Z' : `${sign < 0 ? '-' : '+'}${pad(zh)}:${pad(zm)}`;
  const iso = `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${fraction ? `.${fraction}` : ''}${offset}`;
  return { iso, micros };
}

/** `429` → that status; `4xx` → 400..499. Null when neither. */
export function parseStatus(value: unknown): { min: number; max: number } | null {
  if (typeof value !== 'string') return null;
  if (/^[1-9]\d{2}$/.test(value)) return { min: Number(value), max: Number(value) };
  const match = /^([2-5])xx$/i.exec(value);
  if (!match) return null;
  const min = Number(match[1]) * 100;
  return { min, max: min + 99 };
}

/** `q` as an ILIKE pattern matching it anywhere, its own `%`, `_` and `\` taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Narrows a query on `request_logs` (aliased `log`) to the filters. Each condition is sargable on one
 * of the table's indexes (see docs/logs.md); `from` is inclusive and `to` exclusive, so consecutive
 * windows neither overlap nor leave gaps. Expects validated values (the DTO's job) and skips any
 * that do not parse.
 */
export function applyLogFilters<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, filters: LogFilters): SelectQueryBuilder<T> {
  const from = parseTimestamp(filters.from);
  if (from) qb.andWhere('log.created_at >= CAST(:filterFrom AS timestamptz)', { filterFrom: from.iso });
  const to = parseTimestamp(filters.to);
  if (to) qb.andWhere('log.created_at < CAST(:filterTo AS timestamptz)', { filterTo: to.iso });
  if (filters.userId !== undefined) qb.andWhere('log.user_id = :filterUserId', { filterUserId: filters.userId });
  if (filters.model !== undefined) qb.andWhere('log.model = :filterModel', { filterModel: filters.model });
  if (filters.apiId !== undefined) qb.andWhere('log.api_id = :filterApiId', { filterApiId: filters.apiId });
  const status = parseStatus(filters.status);
  if (status && status.min === status.max) qb.andWhere('log.status_code = :filterStatus', { filterStatus: status.min });
  else if (status)
    qb.andWhere('log.status_code BETWEEN :filterStatusMin AND :filterStatusMax', {
      filterStatusMin: status.min,
      filterStatusMax: status.max,
    });
  if (typeof filters.stream === 'boolean') qb.andWhere('log.stream = :filterStream', { filterStream: filters.stream });
  // ILIKE '%…%' is what the pg_trgm GIN index serves; without the extension it still works, unindexed.
  if (typeof filters.q === 'string' && filters.q.length > 0)
    qb.andWhere('log.error_message ILIKE :filterQ', { filterQ: containsPattern(filters.q) });
  return qb;
}
