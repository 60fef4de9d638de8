import { SettingSchema, SettingValue } from '@switchyard/contracts';

/**
 * Every live setting: type, default, bounds and description. The admin app builds its settings screen
 * from this list (`GET /api/config/schema`); features add their settings here.
 */
export const SETTINGS = [
  {
    key: 'logRetentionDays',
    type: 'integer',
    default: 30,
    min: 1,
    max: 3650,
    description: 'Days to keep raw request logs; older rows are deleted by the retention job (hourly statistics are kept).',
  },
  {
    key: 'logRequestBodies',
    type: 'boolean',
    default: false,
    description: 'Store request and response bodies with each log row (truncated). Off by default: bodies may hold personal data.',
  },
  {
    key: 'defaultRateLimitRpm',
    type: 'integer',
    default: 0,
    min: 0,
    max: 1_000_000,
    description: 'Requests per minute for users without their own limit. 0 = no limit.',
  },
  {
    key: 'defaultRateLimitTpm',
    type: 'integer',
    default: 0,
    min: 0,
    max: 1_000_000_000,
    description: 'Tokens per minute for users without their own limit. 0 = no limit.',
  },
  {
    key: 'defaultMaxTokensReservation',
    type: 'integer',
    default: 1024,
    min: 1,
    max: 1_000_000,
    description:
      'Completion tokens reserved against a tokens-per-minute limit when a request sets no max_tokens; the reservation is settled with the real usage when the call ends.',
  },
  {
    key: 'maxRequestBodyMb',
    type: 'integer',
    default: 20,
    min: 1,
    max: 512,
    description: 'Largest request body accepted on /v1, in MiB; larger bodies are refused with 413.',
  },
  {
    key: 'logBodyMaxKb',
    type: 'integer',
    default: 64,
    min: 1,
    max: 10240,
    description:
      'Largest request or response body kept per log row when logRequestBodies is on, in KiB; longer bodies are cut and marked truncated.',
  },
  {
    key: 'rateLimitFailMode',
    type: 'string',
    default: 'open',
    enum: ['open', 'closed'] as string[],
    description:
      'When the shared rate-limit store (Redis) cannot be reached: open lets calls through unlimited (logged), closed refuses them with 503.',
  },
  {
    key: 'corsOrigins',
    type: 'string',
    default: '',
    description:
      'Browser origins allowed to call /v1 (CORS): comma-separated origins such as https://app.example.com, * for any, empty = none. /api never allows cross-origin calls.',
  },
  {
    key: 'sessionIdleMinutes',
    type: 'integer',
    default: 60,
    min: 1,
    max: 10_080,
    description: 'Minutes without activity after which an admin session ends.',
  },
  {
    key: 'sessionMaxHours',
    type: 'integer',
    default: 12,
    min: 1,
    max: 720,
    description: 'Hours after sign-in after which an admin session ends, active or not.',
  },
  {
    key: 'routingMaxAttempts',
    type: 'integer',
    default: 3,
    min: 1,
    max: 10,
    description:
      'Upstream attempts per /v1 call: a connection error, timeout, 429 or 5xx before any byte reached the client moves the call to the next target of its alias.',
  },
  {
    key: 'breakerFailureThreshold',
    type: 'integer',
    default: 5,
    min: 1,
    max: 1000,
    description: 'Consecutive failures (connection error, timeout, 429, 5xx) after which an upstream API is taken out of routing.',
  },
  {
    key: 'breakerCooldownSeconds',
    type: 'integer',
    default: 30,
    min: 1,
    max: 3600,
    description: 'Seconds an upstream API stays out of routing once its breaker opened; then one probe call decides whether it returns.',
  },
  {
    key: 'healthCheckIntervalSeconds',
    type: 'integer',
    default: 0,
    min: 0,
    max: 3600,
    description: 'Seconds between active checks (model list) of upstream APIs whose breaker is open; a success puts them back. 0 = off.',
  },
] as const satisfies readonly SettingSchema[];

export type SettingKey = (typeof SETTINGS)[number]['key'];
export type Settings = {
  [K in (typeof SETTINGS)[number] as K['key']]: K['default'] extends number ? number : K['default'] extends boolean ? boolean : string;
};

const BY_KEY = new Map<string, SettingSchema>(SETTINGS.map((s) => [s.key, s]));

export function settingSchema(key: string): SettingSchema | undefined {
  return BY_KEY.get(key);
}

export function defaultSettings(): Settings {
  return Object.fromEntries(SETTINGS.map((s) => [s.key, s.default])) as Settings;
}

/** Checks a value against its setting's type and bounds; returns a message naming the problem, or null. */
export function settingProblem(schema: SettingSchema, value: unknown): string | null {
  const name = schema.key;
  switch (schema.type) {
    case 'boolean':
      return typeof value === 'boolean' ? null : `${name} must be a boolean`;
    case 'string':
      if (typeof value !== 'string') return `${name} must be a string`;
      if (schema.enum && !schema.enum.includes(value)) return `${name} must be one of: ${schema.enum.join(', ')}`;
      return null;
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${name} must be a number`;
      if (schema.type === 'integer' && !Number.isInteger(value)) return `${name} must be an integer`;
      if (schema.min !== undefined && value < schema.min) return `${name} must not be less than ${schema.min}`;
      if (schema.max !== undefined && value > schema.max) return `${name} must not be greater than ${schema.max}`;
      return null;
    }
  }
}

export function isSettingValue(value: unknown): value is SettingValue {
  return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string';
}
