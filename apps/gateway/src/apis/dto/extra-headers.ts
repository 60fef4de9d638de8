import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

/** RFC 9110 `token`: what an HTTP header name may consist of. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Visible characters, spaces and tabs; no CR/LF (header injection) or other control characters. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const MAX_HEADERS = 50;
const MAX_VALUE_LENGTH = 4096;

/**
 * Headers the gateway itself sets on the upstream call (credentials, framing, routing): letting an
 * operator override them would break the call or leak around the stored key.
 */
export const RESERVED_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'api-key',
  'host',
  'content-length',
  'content-type',
  'content-encoding',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'proxy-connection',
  'upgrade',
  'te',
  'trailer',
  'expect',
]);

/** What is wrong with a map of extra upstream headers, naming the offending entry; null when it is fine. */
export function extraHeadersProblem(field: string, value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return `${field} must be an object of header name to string value`;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_HEADERS) return `${field} must not have more than ${MAX_HEADERS} headers`;
  const seen = new Set<string>();
  for (const [name, headerValue] of entries) {
    const lower = name.toLowerCase();
    if (!HEADER_NAME.test(name)) return `${field}: "${name}" is not a valid HTTP header name`;
    if (RESERVED_HEADERS.has(lower)) return `${field}.${name} is not allowed: the gateway sets this header itself`;
    if (seen.has(lower)) return `${field}.${name} is given twice (header names are case-insensitive)`;
    seen.add(lower);
    if (typeof headerValue !== 'string') return `${field}.${name} must be a string`;
    if (headerValue.length > MAX_VALUE_LENGTH) return `${field}.${name} must not be longer than ${MAX_VALUE_LENGTH} characters`;
    if (!HEADER_VALUE.test(headerValue)) return `${field}.${name} must not contain control characters or line breaks`;
  }
  return null;
}

/** Validates a `Record<string, string>` of extra headers sent to an upstream (see `extraHeadersProblem`). */
export function IsExtraHeaders(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isExtraHeaders',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => extraHeadersProblem(args.property, value) === null,
        defaultMessage: (args?: ValidationArguments) =>
          args ? (extraHeadersProblem(args.property, args.value) ?? `${args.property} is invalid`) : 'extraHeaders is invalid',
      },
    });
  };
}
