import type { Readable } from 'node:stream';

export interface CollectedBody {
  body: Buffer;
  /** More than `limitBytes` came: reading stopped there. */
  over: boolean;
}

/** A body's chunks as they come, up to a byte limit. */
export class BodyChunks {
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly limitBytes: number) {}

  /** Keeps `chunk`; false (and keeps nothing more) once it would go past the limit. */
  add(chunk: Buffer): boolean {
    if (this.size + chunk.length > this.limitBytes) return false;
    this.chunks.push(chunk);
    this.size += chunk.length;
    return true;
  }

  bytes(): Buffer {
    return this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.size);
  }
}

/**
 * A stream's bytes (a client's request body), up to `limitBytes`, read with `data`/`end` listeners (no
 * async iterator per call). Past the limit the `data` listener goes (the caller pauses or destroys the
 * stream). Rejects with the stream's error, or when it closes before its end (a client gone mid-upload).
 * Once settled the listeners stay, and do nothing: taking all four off again cost ~1 µs per call in
 * Node's `Readable.removeListener` (docs/performance.md, fourteenth pass), and the stream is done.
 */
export function collectBody(stream: Readable, limitBytes: number): Promise<CollectedBody> {
  return new Promise((resolve, reject) => {
    const chunks = new BodyChunks(limitBytes);
    let settled = false;
    const onData = (chunk: Buffer) => {
      if (settled || chunks.add(chunk)) return;
      settled = true;
      stream.off('data', onData);
      resolve({ body: chunks.bytes(), over: true });
    };
    const onEnd = () => {
      if (settled) return;
      settled = true;
      resolve({ body: chunks.bytes(), over: false });
    };
    const onError = (err: Error) => {
      if (settled) return;
      settled = true;
      reject(err);
    };
    const onClose = () => {
      if (!settled) onError(Object.assign(new Error('The stream closed before its end'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}
