import { parseJsonObject } from '@switchyard/providers';
import type { IncomingMessage } from 'node:http';
import { errors } from './openai-error';

/**
 * Reads the whole JSON body (the parsed object remembers its text, so an adapter can forward it with
 * only `model` spliced in — see `serializeJson`), refusing it with 413 as soon as it passes `limitMb`
 * (the declared Content-Length is checked first, so an oversized upload is refused without reading
 * it; the rest of a chunked one is left unread, and the 413 closes the connection). A client that goes
 * before the end fails it with 499. Events rather than `for await`: no async iterator per call.
 */
export function readJsonBody(req: IncomingMessage, limitMb: number): Promise<Record<string, unknown>> {
  const limitBytes = limitMb * 1024 * 1024;
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.reject(errors.bodyTooLarge(limitMb));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onGone);
      req.off('close', onGone);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) {
        chunks.push(chunk);
        return;
      }
      stop();
      req.pause();
      reject(errors.bodyTooLarge(limitMb));
    };
    const onEnd = () => {
      stop();
      try {
        resolve(parseBody(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    };
    const onGone = () => {
      stop();
      reject(errors.clientClosed());
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onGone);
    req.on('close', onGone);
  });
}

function parseBody(raw: Buffer): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = parseJsonObject(raw.toString('utf8'));
  } catch {
    throw errors.malformedJson();
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw errors.notAnObject();
  return parsed as Record<string, unknown>;
}
