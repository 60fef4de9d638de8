import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import * as path from 'node:path';

export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** Raw environment variables, validated once at boot. Nothing else reads `process.env`. */
class EnvironmentVariables {
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  DATA_DIR?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(32, { message: 'SECRET_KEY must be at least 32 characters' })
  SECRET_KEY?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^[A-Za-z0-9._@-]{1,64}$/, { message: 'ADMIN_USERNAME may use letters, digits and . _ @ - (1-64)' })
  ADMIN_USERNAME?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters' })
  ADMIN_PASSWORD?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^[A-Za-z0-9:._-]{1,64}$/, { message: 'REDIS_KEY_PREFIX may use letters, digits and : . _ - (1-64)' })
  REDIS_KEY_PREFIX?: string;

  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : value === 'true' || value === '1'))
  @IsBoolean()
  TRUST_PROXY?: boolean;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(LOG_LEVELS)
  LOG_LEVEL?: LogLevel;
}

/** The gateway's validated, typed environment. */
export class Env {
  constructor(
    readonly port: number,
    readonly nodeEnv: 'development' | 'production' | 'test',
    /** Unset: the gateway runs an embedded PostgreSQL in `dataDir`. */
    readonly databaseUrl: string | undefined,
    /** Absolute path of DATA_DIR. */
    readonly dataDir: string,
    readonly secretKey: string | undefined,
    readonly adminUsername: string | undefined,
    readonly adminPassword: string | undefined,
    readonly redisUrl: string | undefined,
    readonly trustProxy: boolean,
    readonly logLevel: LogLevel,
    /** Prefix of every Redis key (rate limits): lets several deployments or test runs share one Redis. */
    readonly redisKeyPrefix: string = 'switchyard',
  ) {}

  get isProduction(): boolean {
    return this.nodeEnv === 'production';
  }
}

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n  - ${problems.join('\n  - ')}`);
    this.name = 'EnvError';
  }
}

/** Validates the environment and returns it typed; throws {@link EnvError} listing every problem. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Env {
  const raw = plainToInstance(EnvironmentVariables, { ...source }, { excludeExtraneousValues: false });
  const errors = validateSync(raw, { whitelist: false, forbidUnknownValues: false });
  const problems = errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((m) => (m.startsWith(e.property) ? m : `${e.property}: ${m}`)),
  );
  const nodeEnv = (raw.NODE_ENV ?? 'development') as Env['nodeEnv'];
  if (nodeEnv === 'production' && !raw.SECRET_KEY) {
    problems.push('SECRET_KEY is required when NODE_ENV=production (it encrypts upstream API keys at rest)');
  }
  if ((raw.ADMIN_USERNAME === undefined) !== (raw.ADMIN_PASSWORD === undefined)) {
    problems.push('ADMIN_USERNAME and ADMIN_PASSWORD must be set together');
  }
  if (problems.length > 0) throw new EnvError(problems);
  return new Env(
    raw.PORT ?? 3000,
    nodeEnv,
    raw.DATABASE_URL,
    path.resolve(cwd, raw.DATA_DIR ?? './data'),
    raw.SECRET_KEY,
    raw.ADMIN_USERNAME,
    raw.ADMIN_PASSWORD,
    raw.REDIS_URL,
    raw.TRUST_PROXY ?? false,
    raw.LOG_LEVEL ?? 'log',
    raw.REDIS_KEY_PREFIX ?? 'switchyard',
  );
}
