import { LogFilters } from '@switchyard/contracts';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, Length, Matches, ValidateBy, ValidationArguments } from 'class-validator';
import { parseStatus, parseTimestamp } from '../log-filters';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP_HINT = 'an ISO 8601 date-time with a time zone (e.g. 2025-06-01T12:00:00Z) or a date (2025-06-01, UTC)';
/** Longest `model` and `q`: the column holds 200 characters; a longer search cannot match more. */
const MAX_TEXT = 200;

const isTimestamp = (field: 'from' | 'to') =>
  ValidateBy(
    { name: 'isLogTimestamp', validator: { validate: (value: unknown) => parseTimestamp(value) !== null } },
    { message: `${field} must be ${TIMESTAMP_HINT}` },
  );

/** `to` is exclusive: it must come after `from`, or the range holds nothing by construction. */
const isAfterFrom = ValidateBy(
  {
    name: 'isAfterFrom',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const from = parseTimestamp((args?.object as LogFiltersQuery | undefined)?.from);
        const to = parseTimestamp(value);
        return !from || !to || to.micros > from.micros;
      },
    },
  },
  { message: 'to must be later than from' },
);

/** Query parameters shared by `GET /api/logs` and `GET /api/logs/export`. All optional; they combine with AND. */
export class LogFiltersQuery implements LogFilters {
  /** Inclusive. */
  @IsOptional()
  @isTimestamp('from')
  from?: string;

  /** Exclusive. */
  @IsOptional()
  @isTimestamp('to')
  @isAfterFrom
  to?: string;

  @IsOptional()
  @Matches(UUID, { message: 'userId must be a UUID' })
  userId?: string;

  /** The alias as the client requested it, matched exactly. */
  @IsOptional()
  @Length(1, MAX_TEXT, { message: `model must be a string of 1 to ${MAX_TEXT} characters` })
  model?: string;

  @IsOptional()
  @Matches(UUID, { message: 'apiId must be a UUID' })
  apiId?: string;

  /** `429`, or a class: `2xx`, `3xx`, `4xx`, `5xx`. */
  @IsOptional()
  @ValidateBy(
    { name: 'isStatusFilter', validator: { validate: (value: unknown) => parseStatus(value) !== null } },
    { message: 'status must be a 3-digit status code (e.g. 429) or a class: 2xx, 3xx, 4xx, 5xx' },
  )
  status?: string;

  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsOptional()
  @IsBoolean({ message: 'stream must be true or false' })
  stream?: boolean;

  /** Case-insensitive text searched anywhere in the error message. */
  @IsOptional()
  @Length(1, MAX_TEXT, { message: `q must be a string of 1 to ${MAX_TEXT} characters` })
  @Matches(/^[^\0]*$/, { message: 'q must not contain NUL characters' })
  q?: string;
}
