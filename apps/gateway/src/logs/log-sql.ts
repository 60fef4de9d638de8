/** SQL helpers of the request log writer: error classification and transactions on a raw pool client. */
import type { InsertStatement } from './log-mapper';

/** SQLSTATE classes 22 (data exception) and 23 (integrity): the rows are at fault, retrying cannot help. */
export const isRowError = (err: unknown): boolean => /^2[23]/.test(sqlState(err) ?? '');
const sqlState = (err: unknown): string | undefined =>
  typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : undefined;
/** The SQLSTATE, or the message of a connection-level error; never row values. */
export const describeError = (err: unknown): string => {
  const code = sqlState(err);
  if (code && /^[0-9A-Z]{5}$/.test(code)) return `SQLSTATE ${code}`;
  return err instanceof Error ? err.message.slice(0, 200) : 'unknown error';
};

/**
 * SQLSTATE 26000 (no such prepared statement) or 42P05 (already exists under that name): the
 * connection does not keep the session's prepared statements, as behind a pooler in transaction mode
 * (PgBouncer before 1.21) that hands each transaction a different server connection.
 */
export const isPreparedStatementError = (err: unknown): boolean => ['26000', '42P05'].includes(sqlState(err) ?? '');

export type SqlClient = { query(query: string | { name: string; text: string; values: unknown[] }, params?: unknown[]): Promise<unknown> };

/** Runs a statement: prepared under its name when it has one. */
export const runStatement = (client: SqlClient, { sql, params, name }: InsertStatement): Promise<unknown> =>
  name === undefined ? client.query(sql, params) : client.query({ name, text: sql, values: params });

/** Rows and their bodies commit together: a body never outlives a failed row, nor the reverse. */
export async function inTransaction(client: SqlClient, statements: InsertStatement[]): Promise<void> {
  await client.query('BEGIN');
  try {
    for (const statement of statements) await runStatement(client, statement);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
