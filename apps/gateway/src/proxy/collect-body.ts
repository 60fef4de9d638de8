import type { Readable } from 'node:stream';

export interface CollectedBody {
  body: Buffer;
  /** More than `limitBytes` came: listening stopped there (the caller pauses or destroys the stream). */
  over: boolean;
}

/**
 * A stream's bytes, up to `limitBytes`, read with `data`/`end` listeners (no async iterator per call:
 * this runs for every request body and upstream answer). Rejects with the stream's error, or when it
 * closes before its end (a client gone mid-upload, an upstream cut off).
 */
export function collectBody(stream: Readable, limitBytes: number): Promise<CollectedBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      if (size + chunk.length <= limitBytes) {
        chunks.push(chunk);
        size += chunk.length;
        return;
      }
      stop();
      resolve({ body: Buffer.concat(chunks, size), over: true });
    };
    const onEnd = () => {
      stop();
      resolve({ body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size), over: false });
    };
    const onError = (err: Error) => {
      stop();
      reject(err);
    };
    const onClose = () => onError(Object.assign(new Error('The stream closed before its end'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}
