import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min, ValidateBy } from 'class-validator';
import { decodeCursor } from '../cursor';
import { LogFiltersQuery } from './log-filters.query';

export const DEFAULT_LOG_PAGE_SIZE = 50;
export const MAX_LOG_PAGE_SIZE = 500;

const LIMIT_MESSAGE = `limit must be an integer between 1 and ${MAX_LOG_PAGE_SIZE}`;

/** `GET /api/logs` query: the filters, and keyset paging (`limit`, `cursor`) over the filtered rows. */
export class ListLogsQuery extends LogFiltersQuery {
  /** Only plain decimal digits count as a number: `1e2`, `0x10` and ` 5` stay strings and fail. */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value))
  @IsOptional()
  @IsInt({ message: LIMIT_MESSAGE })
  @Min(1, { message: LIMIT_MESSAGE })
  @Max(MAX_LOG_PAGE_SIZE, { message: LIMIT_MESSAGE })
  limit?: number;

  /** The `nextCursor` of the previous page, passed back unchanged. */
  @IsOptional()
  @ValidateBy(
    { name: 'isLogCursor', validator: { validate: (value: unknown) => decodeCursor(value) !== null } },
    { message: 'cursor is not a valid page cursor' },
  )
  cursor?: string;
}
