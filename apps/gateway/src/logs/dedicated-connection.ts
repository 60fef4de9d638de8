import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * A connection of TypeORM's own pg pool, held outside TypeORM: a cursor read at the client's pace and
 * a session-level advisory lock both need one session for their whole life. The caller must
 * `release()` it — with an error when its session state is in doubt, so the pool discards it.
 */
export async function dedicatedConnection(dataSource: DataSource): Promise<PoolClient> {
  const pool = (dataSource.driver as unknown as { master?: Pool }).master;
  if (!pool) throw new Error('the database connection is not initialised');
  const client = await pool.connect();
  // The pool stops listening for errors on a client it hands out; an unheard 'error' (server gone)
  // would crash the process. The query in flight rejects with the same error, which the caller handles.
  const ignore = () => undefined;
  client.on('error', ignore);
  const release = client.release.bind(client);
  client.release = (err?: Error | boolean) => {
    client.off('error', ignore);
    release(err);
  };
  return client;
}
