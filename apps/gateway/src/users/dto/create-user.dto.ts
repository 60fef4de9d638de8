import { applyDecorators } from '@nestjs/common';
import { BudgetPeriod, CreateUserRequest } from '@switchyard/contracts';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  isISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
} from 'class-validator';

export const BUDGET_PERIODS: readonly BudgetPeriod[] = ['day', 'month', 'total'];
/** An alias name, or `*` for every alias. */
export const ALLOWED_MODEL_PATTERN = /^(\*|[A-Za-z0-9._:/-]+)$/;
export const MAX_ALLOWED_MODELS = 500;
/** `api_users.rate_limit_*` are PostgreSQL `integer`. */
const MAX_INT4 = 2_147_483_647;
/** `api_users.budget_usd` is `numeric(14, 6)`: at most 8 digits before the point. */
const MAX_BUDGET_USD = 99_999_999;

/** Optional, but when present never null: for fields whose column is NOT NULL. */
export const IsOptionalNotNull = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** ISO 8601 that is also a real instant (`2030-02-30` and week dates are refused). */
const IsIsoInstant = (property: string) =>
  ValidateBy({
    name: 'isIsoInstant',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isISO8601(value, { strict: true }) && Number.isFinite(Date.parse(value)),
      defaultMessage: () => `${property} must be an ISO 8601 date string (e.g. 2030-01-31T00:00:00Z) or null`,
    },
  });

const trim = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Property rules shared by create and update; presence rules are added by each DTO. */
export const UserField = {
  name: () =>
    applyDecorators(
      trim,
      IsString({ message: 'name must be a string' }),
      Length(1, 100, { message: 'name must be 1 to 100 characters long' }),
    ),
  allowedModels: () =>
    applyDecorators(
      IsArray({ message: 'allowedModels must be an array of alias names' }),
      ArrayMaxSize(MAX_ALLOWED_MODELS, { message: `allowedModels must not hold more than ${MAX_ALLOWED_MODELS} entries` }),
      IsString({ each: true, message: 'each entry of allowedModels must be a string' }),
      Length(1, 100, { each: true, message: 'each entry of allowedModels must be 1 to 100 characters long' }),
      Matches(ALLOWED_MODEL_PATTERN, {
        each: true,
        message: 'each entry of allowedModels must be an alias name (letters, digits, . _ : / -) or * for all',
      }),
    ),
  rateLimit: (property: string) =>
    applyDecorators(
      IsOptional(),
      IsInt({ message: `${property} must be an integer (0 = no limit) or null (use the default)` }),
      Min(0, { message: `${property} must not be negative` }),
      Max(MAX_INT4, { message: `${property} must not be greater than ${MAX_INT4}` }),
    ),
  budgetUsd: () =>
    applyDecorators(
      IsOptional(),
      IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'budgetUsd must be a number or null (no budget)' }),
      Min(0, { message: 'budgetUsd must not be negative' }),
      Max(MAX_BUDGET_USD, { message: `budgetUsd must not be greater than ${MAX_BUDGET_USD}` }),
    ),
  budgetPeriod: () =>
    applyDecorators(IsOptionalNotNull(), IsIn(BUDGET_PERIODS, { message: `budgetPeriod must be one of: ${BUDGET_PERIODS.join(', ')}` })),
  expiresAt: () => applyDecorators(IsOptional(), IsIsoInstant('expiresAt')),
  enabled: () => applyDecorators(IsOptionalNotNull(), IsBoolean({ message: 'enabled must be a boolean' })),
};

export class CreateUserDto implements CreateUserRequest {
  @IsDefined({ message: 'name is required' })
  @UserField.name()
  name!: string;

  @IsDefined({ message: 'allowedModels is required ([] for none, ["*"] for all)' })
  @UserField.allowedModels()
  allowedModels!: string[];

  @UserField.rateLimit('rateLimitRpm')
  rateLimitRpm?: number | null;

  @UserField.rateLimit('rateLimitTpm')
  rateLimitTpm?: number | null;

  @UserField.budgetUsd()
  budgetUsd?: number | null;

  @UserField.budgetPeriod()
  budgetPeriod?: BudgetPeriod;

  @UserField.expiresAt()
  expiresAt?: string | null;

  @UserField.enabled()
  enabled?: boolean;
}
