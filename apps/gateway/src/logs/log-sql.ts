/** SQL helpers of the request log writer: error classification and transactions on a raw pool client. */

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

export type SqlClient = { query(sql: string, params?: unknown[]): Promise<unknown> };

/** Rows and their bodies commit together: a body never outlives a failed row, nor the reverse. */
export async function inTransaction(client: SqlClient, statements: { sql: string; params: unknown[] }[]): Promise<void> {
  await client.query('BEGIN');
  try {
    for (const { sql, params } of statements) await client.query(sql, params);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
