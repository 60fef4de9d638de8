import type { JsonObject } from './types';

/** Fixed `created` timestamp so identical requests get identical answers. */
export const FAKE_CREATED = 1_700_000_000;

/** Approximate token count: whitespace-separated words. Deterministic, which is all tests need. */
export function countTokens(text: string): number {
  return splitWords(text).length;
}

/** Words of `text`, without whitespace. */
export function splitWords(text: string): string[] {
  return text.split(/\s+/).filter((w) => w.length > 0);
}

/**
 * The pieces a streamed answer is cut into: one word per piece, each but the first carrying its
 * leading space, so joining them gives back the text. With `endless`, the words repeat forever.
 */
export function* wordPieces(text: string, endless = false): Generator<string> {
  const words = splitWords(text);
  if (words.length === 0) return;
  let i = 0;
  do {
    for (const w of words) yield i++ === 0 ? w : ` ${w}`;
  } while (endless);
}

/** First `max` words of `text`, and whether anything was cut. */
export function truncateWords(text: string, max: number | undefined): { text: string; truncated: boolean } {
  if (max === undefined) return { text, truncated: false };
  const words = splitWords(text);
  if (words.length <= max) return { text, truncated: false };
  return { text: words.slice(0, max).join(' '), truncated: true };
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringField(body: JsonObject, key: string): string | undefined {
  const v = body[key];
  return typeof v === 'string' ? v : undefined;
}

export function positiveIntField(body: JsonObject, key: string): number | undefined {
  const v = body[key];
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined;
}

/**
 * Text of a message `content`: a string, or an array of parts whose `text` fields are joined
 * (chat `{type:'text'}` and Responses `{type:'input_text'}` parts alike).
 */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (isObject(part) && typeof part.text === 'string' ? part.text : ''))
    .filter((t) => t.length > 0)
    .join(' ');
}

/** `[...]` of objects, ignoring anything else. */
export function objectArray(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** The deterministic answer to a prompt. */
export function echo(prompt: string): string {
  return `Echo: ${prompt}`.trim();
}
