import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min, ValidateBy } from 'class-validator';
import { decodeCursor } from '../../logs/cursor';

export const DEFAULT_AUDIT_PAGE_SIZE = 50;
export const MAX_AUDIT_PAGE_SIZE = 200;
const LIMIT_MESSAGE = `limit must be an integer between 1 and ${MAX_AUDIT_PAGE_SIZE}`;

/** `GET /api/audit?cursor=&limit=`. */
export class ListAuditQuery {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value))
  @IsOptional()
  @IsInt({ message: LIMIT_MESSAGE })
  @Min(1, { message: LIMIT_MESSAGE })
  @Max(MAX_AUDIT_PAGE_SIZE, { message: LIMIT_MESSAGE })
  limit?: number;

  /** The `nextCursor` of the previous page, unchanged. */
  @IsOptional()
  @ValidateBy(
    { name: 'isAuditCursor', validator: { validate: (value: unknown) => decodeCursor(value) !== null } },
    { message: 'cursor is not a valid page cursor' },
  )
  cursor?: string;
}
