import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsNumber, IsString, IsUrl, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { IsExtraHeaders } from './extra-headers';

export const DEFAULT_TIMEOUT_MS = 300_000;
/** numeric(12,6) holds up to 999999.999999. */
const MAX_PRICE = 999_999;

const trimmed = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/**
 * The field may be left out but not sent as null: every column is NOT NULL, so null would otherwise
 * pass `@IsOptional()` and fail in the database as a 500.
 */
export const Optional = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** Validation rules of each field, shared by the create and update DTOs. */
export const ApiField = {
  name: () => applyDecorators(trimmed(), IsString(), Length(1, 100)),
  // Which names are valid depends on the provider modules loaded: ApisService checks against the registry.
  provider: () => applyDecorators(trimmed(), IsString(), Length(1, 50)),
  /** Azure `api-version` / Anthropic `anthropic-version`; null resets to the provider's default. */
  apiVersion: () =>
    applyDecorators(
      trimmed(),
      ValidateIf((_object: object, value: unknown) => value !== undefined && value !== null),
      IsString(),
      Length(1, 50),
      Matches(/^[A-Za-z0-9._-]+$/, { message: 'apiVersion may contain letters, digits, ".", "_" and "-" only' }),
    ),
  baseUrl: () =>
    applyDecorators(
      // `${baseUrl}/models` must not become `//models`.
      Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().replace(/\/+$/, '') : value)),
      IsString(),
      Length(1, 2000),
      IsUrl(
        {
          protocols: ['http', 'https'],
          require_protocol: true,
          require_tld: false,
          disallow_auth: true,
          allow_query_components: false,
          allow_fragments: false,
        },
        { message: 'baseUrl must be an http(s) URL without credentials, query or fragment (e.g. https://api.openai.com/v1)' },
      ),
    ),
  apiKey: () =>
    applyDecorators(
      trimmed(),
      IsString(),
      Length(1, 500),
      // It travels in an Authorization header: no spaces, line breaks or other control characters.
      Matches(/^[\x21-\x7e]+$/, { message: 'apiKey must consist of visible ASCII characters only' }),
    ),
  model: () => applyDecorators(trimmed(), IsString(), Length(1, 200)),
  timeoutMs: () => applyDecorators(IsInt(), Min(1000), Max(3_600_000)),
  extraHeaders: () => applyDecorators(IsExtraHeaders()),
  price: () => applyDecorators(IsNumber({ allowNaN: false, allowInfinity: false }), Min(0), Max(MAX_PRICE)),
  flag: () => applyDecorators(IsBoolean()),
};
