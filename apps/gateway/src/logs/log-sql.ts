/** SQL helpers of the request log writer: error classification, and writing a batch on a raw pool client. */
import { from as copyFrom } from 'pg-copy-streams';
import type { Submittable } from 'pg';
import type { DataSource } from 'typeorm';
import { BodyRow, buildBodyInserts } from './log-bodies';
import { buildCopy, buildInsert, CopyStatement, InsertStatement, SKIP_STORED_IDS, StorableRequestLog } from './log-mapper';

/** SQLSTATE classes 22 (data exception) and 23 (integrity): the rows are at fault, retrying cannot help. */
export const isRowError = (err: unknown): boolean => /^2[23]/.test(sqlState(err) ?? '');
/** SQLSTATE 23505: a unique key (for the log, a request id) is already stored. */
export const isUniqueViolation = (err: unknown): boolean => sqlState(err) === '23505';
const sqlState = (err: unknown): string | undefined =>
  typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : undefined;
/** The SQLSTATE, or the message of a connection-level error; never row values. */
export const describeError = (err: unknown): string => {
  const code = sqlState(err);
  if (code && /^[0-9A-Z]{5}$/.test(code)) return `SQLSTATE ${code}`;
  return err instanceof Error ? err.message.slice(0, 200) : 'unknown error';
};

export type SqlClient = { query(query: string, params?: unknown[]): Promise<unknown>; query<T extends Submittable>(query: T): T };
export type LogStatement = InsertStatement | CopyStatement;

/** Runs a statement; a COPY resolves once the server has stored its rows (or rejects with its error). */
export function runStatement(client: SqlClient, statement: LogStatement): Promise<unknown> {
  if (!('data' in statement)) return client.query(statement.sql, statement.params);
  return new Promise((resolve, reject) => {
    const copy = client.query(copyFrom(statement.sql));
    copy.once('finish', resolve);
    copy.once('error', reject);
    copy.end(statement.data);
  });
}

/** Rows and their bodies commit together: a body never outlives a failed row, nor the reverse. */
export async function inTransaction(client: SqlClient, statements: LogStatement[]): Promise<void> {
  await client.query('BEGIN');
  try {
    for (const statement of statements) await runStatement(client, statement);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/**
 * Writes a batch as one COPY, or as the INSERT that skips request ids already stored, with the rows'
 * bodies in the same transaction. Rejects with the database's error; the caller keeps the rows.
 */
export async function writeRows(dataSource: DataSource, rows: StorableRequestLog[], form: 'copy' | 'insert'): Promise<void> {
  let statement: LogStatement;
  if (form === 'copy') statement = buildCopy(rows);
  else {
    const { sql, params } = buildInsert(rows);
    statement = { sql: sql + SKIP_STORED_IDS, params };
  }
  const bodies = rows.filter((row): row is BodyRow & StorableRequestLog => row.bodies !== undefined);
  // On the pool's client rather than dataSource.query(): TypeORM logs a failed query with all its
  // parameters, which would print thousands of log values (client IPs, error texts) per retry.
  const runner = dataSource.createQueryRunner();
  try {
    const client = (await runner.connect()) as SqlClient;
    if (bodies.length === 0) await runStatement(client, statement);
    else await inTransaction(client, [statement, ...buildBodyInserts(bodies)]);
  } finally {
    await runner.release();
  }
}
