import { applyDecorators } from '@nestjs/common';
import { AliasTargetInput } from '@switchyard/contracts';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Optional } from '../../apis/dto/api-fields';

export const ALIAS_STRATEGIES = ['priority', 'weighted'] as const;
export const MAX_TARGETS = 20;
export const DEFAULT_WEIGHT = 1;
export const DEFAULT_PRIORITY = 0;

/** One upstream of an alias. Lower `priority` is tried first; `weight` splits traffic under `weighted`. */
export class AliasTargetDto implements AliasTargetInput {
  @IsUUID('all', { message: 'apiId must be a UUID' })
  apiId!: string;

  @Optional()
  @IsInt()
  @Min(1)
  @Max(1000)
  weight?: number;

  @Optional()
  @IsInt()
  @Min(0)
  @Max(1000)
  priority?: number;
}

/** Validation rules of each field, shared by the create and update DTOs. */
export const AliasField = {
  alias: () =>
    applyDecorators(
      Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value)),
      IsString(),
      Length(1, 100),
      // Clients send it as `model`: keep it to characters that survive any client and URL unescaped.
      Matches(/^[A-Za-z0-9._:/-]+$/, { message: 'alias may contain only letters, digits and . _ : / - (no spaces)' }),
    ),
  description: () =>
    applyDecorators(
      // A cleared form field arrives as null; the column holds '' for "no description".
      Transform(({ value }: { value: unknown }) => (value === null ? '' : value)),
      IsString(),
      MaxLength(1000),
    ),
  strategy: () => applyDecorators(IsIn(ALIAS_STRATEGIES)),
  enabled: () => applyDecorators(IsBoolean()),
  apiId: () => applyDecorators(IsUUID('all', { message: 'apiId must be a UUID' })),
  targets: () =>
    applyDecorators(
      IsArray(),
      ArrayMinSize(1),
      ArrayMaxSize(MAX_TARGETS),
      ArrayUnique((t: AliasTargetDto | null | undefined) => (typeof t?.apiId === 'string' ? t.apiId.toLowerCase() : t?.apiId), {
        message: 'targets must not name the same apiId twice',
      }),
      ValidateNested({ each: true }),
      Type(() => AliasTargetDto),
    ),
};
