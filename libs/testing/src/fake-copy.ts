import { EventEmitter } from 'node:events';

/**
 * What a fake node-postgres client hands back for a `COPY … FROM STDIN` query object, for unit specs
 * whose client records statements instead of running them: the caller ends it with the rows' text and
 * waits for `finish`, or `error` when `run` rejects (as a COPY the server refused).
 */
export function fakeCopyStream(run: (data: string) => Promise<void>): EventEmitter & { end(data: string): void } {
  const copy = new EventEmitter();
  const end = (data: string) => {
    run(data).then(
      () => copy.emit('finish'),
      (err: unknown) => copy.emit('error', err),
    );
  };
  return Object.assign(copy, { end });
}
