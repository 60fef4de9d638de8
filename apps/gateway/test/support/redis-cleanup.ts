import type { Redis } from 'ioredis';

/**
 * Deletes a suite's keys (`prefix*`) and closes the client, resolving once its connection has ended:
 * `quit()` resolves at the server's reply, before the socket closes, and a socket still open when a
 * suite ends kept its jest worker from exiting in time on a loaded machine ("A worker process has
 * failed to exit gracefully").
 */
export async function dropKeysAndQuit(redis: Redis, prefix: string): Promise<void> {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  const ended = new Promise<void>((resolve) => (redis.status === 'end' ? resolve() : redis.once('end', () => resolve())));
  await redis.quit();
  await ended;
}
