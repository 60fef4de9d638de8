import { QueryFailedError } from 'typeorm';

/** PostgreSQL SQLSTATE codes the admin API turns into 409/400 answers. */
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_FOREIGN_KEY_VIOLATION = '23503';

/** The SQLSTATE of a failed query, or undefined for any other error. */
export function pgErrorCode(err: unknown): string | undefined {
  if (!(err instanceof QueryFailedError)) return undefined;
  const code = (err.driverError as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The table a failed query's constraint belongs to (PostgreSQL reports it with the error). */
export function pgErrorTable(err: unknown): string | undefined {
  if (!(err instanceof QueryFailedError)) return undefined;
  const table = (err.driverError as { table?: unknown } | undefined)?.table;
  return typeof table === 'string' ? table : undefined;
}
