import { ParamMap, Params } from '@angular/router';
import type { LogFilters } from '@switchyard/contracts';

/** What the logs page shows, all of it kept in the URL's query parameters so a reload keeps it. */
export interface LogQuery {
  filters: LogFilters;
  limit: number;
}

export const PAGE_SIZES: readonly number[] = [25, 50, 100];
export const DEFAULT_PAGE_SIZE = 50;

const TEXT_FILTERS = ['from', 'to', 'userId', 'model', 'apiId', 'status', 'q'] as const;

export function queryFromParams(params: ParamMap): LogQuery {
  const filters: LogFilters = {};
  for (const key of TEXT_FILTERS) {
    const value = params.get(key)?.trim();
    if (value) {
      filters[key] = value;
    }
  }
  const stream = params.get('stream');
  if (stream === 'true' || stream === 'false') {
    filters.stream = stream === 'true';
  }
  const limit = Number(params.get('limit'));
  return { filters, limit: PAGE_SIZES.includes(limit) ? limit : DEFAULT_PAGE_SIZE };
}

/** Query parameters for `query`; every known key is present so `null` removes what is not set. */
export function queryToParams(query: LogQuery): Params {
  const params: Params = { limit: query.limit === DEFAULT_PAGE_SIZE ? null : query.limit };
  for (const key of TEXT_FILTERS) {
    params[key] = query.filters[key] || null;
  }
  params['stream'] = query.filters.stream === undefined ? null : String(query.filters.stream);
  return params;
}

export function sameQuery(a: LogQuery, b: LogQuery): boolean {
  return a.limit === b.limit && sameFilters(a.filters, b.filters);
}

export function sameFilters(a: LogFilters, b: LogFilters): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof LogFilters)[]);
  return [...keys].every((key) => a[key] === b[key]);
}

export function hasFilters(filters: LogFilters): boolean {
  return Object.values(filters).some((value) => value !== undefined && value !== '');
}

/** ISO 8601 → the `YYYY-MM-DDTHH:mm` a `datetime-local` input shows, in local time. */
export function toLocalInput(iso: string | undefined): string {
  const date = iso ? new Date(iso) : null;
  if (!date || Number.isNaN(date.getTime())) {
    return '';
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` value (local time) → ISO 8601, or undefined when empty or invalid. */
export function fromLocalInput(value: string): string | undefined {
  const date = value ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}
