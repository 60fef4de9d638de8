import { parseJsonObject } from '@switchyard/providers';
import type { IncomingMessage } from 'node:http';
import { CollectedBody, collectBody } from './collect-body';
import { errors } from './openai-error';

/**
 * Reads the whole JSON body (the parsed object remembers its text, so an adapter can forward it with
 * only `model` spliced in — see `serializeJson`), refusing it with 413 as soon as it passes `limitMb`
 * (the declared Content-Length is checked first, so an oversized upload is refused without reading
 * it; the rest of a chunked one is left unread, and the 413 closes the connection). A client that goes
 * before the end fails it with 499.
 */
export function readJsonBody(req: IncomingMessage, limitMb: number): Promise<Record<string, unknown>> {
  const limitBytes = limitMb * 1024 * 1024;
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.reject(errors.bodyTooLarge(limitMb));
  // A `then` on the reader's promise rather than an async function awaiting it: one promise and one
  // resumption fewer per call.
  return collectBody(req, limitBytes).then(
    (collected: CollectedBody) => {
      if (collected.over) {
        req.pause();
        throw errors.bodyTooLarge(limitMb);
      }
      return parseBody(collected.body);
    },
    () => {
      throw errors.clientClosed();
    },
  );
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
