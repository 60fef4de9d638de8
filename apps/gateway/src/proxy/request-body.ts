import { parseJsonObject } from '@switchyard/providers';
import type { IncomingMessage } from 'node:http';
import { errors } from './openai-error';

/**
 * Reads the whole JSON body (the parsed object remembers its text, so an adapter can forward it with
 * only `model` spliced in — see `serializeJson`), refusing it with 413 as soon as it passes `limitBytes` (the declared
 * Content-Length is checked first, so an oversized upload is refused without reading it).
 */
export async function readJsonBody(req: IncomingMessage, limitMb: number): Promise<Record<string, unknown>> {
  const limitBytes = limitMb * 1024 * 1024;
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) throw errors.bodyTooLarge(limitMb);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw errors.bodyTooLarge(limitMb);
    chunks.push(chunk);
  }
  let parsed: unknown;
  try {
    parsed = parseJsonObject((chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)).toString('utf8'));
  } catch {
    throw errors.malformedJson();
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw errors.notAnObject();
  return parsed as Record<string, unknown>;
}
