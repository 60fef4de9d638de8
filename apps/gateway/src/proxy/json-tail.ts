/**
 * Finding `usage` in raw JSON without parsing it: whether a streamed event may carry it
 * (`mayCarryUsage`), and reading it from a non-stream answer (`usageFromTail`). OpenAI-shaped answers put
 * it at the end of the top-level object, so the last `"usage"` key in the bytes is found with a native
 * search, only its object is parsed, and the bytes after it are checked to close the top-level object
 * (so a `usage` key nested in some other member is never taken for the answer's own).
 *
 * Why a match on the raw bytes is a key and not text: inside a JSON string a quote is always escaped
 * (`\"usage\"`), so an unescaped `"usage"` is a string token of its own; followed by `:` it is a key.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const USAGE_KEY_TEXT = '"usage"';
const USAGE_KEY = Buffer.from(USAGE_KEY_TEXT);
const COLON = 0x3a;

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipWhitespace(buf: Uint8Array, i: number): number {
  while (i < buf.length && isWhitespace(buf[i])) i++;
  return i;
}

function escaped(buf: Uint8Array, quote: number): boolean {
  let backslashes = 0;
  for (let j = quote - 1; j >= 0 && buf[j] === BACKSLASH; j--) backslashes++;
  return backslashes % 2 === 1;
}

/** `open` is a string's opening quote: the index just after its closing quote, or -1. */
function stringEnd(buf: Buffer, open: number): number {
  let i = open;
  for (;;) {
    i = buf.indexOf(QUOTE, i + 1);
    if (i < 0) return -1;
    if (!escaped(buf, i)) return i + 1;
  }
}

/**
 * Scans from `start` (outside any string) and returns the index of the first bracket that closes a
 * level opened before `start` (depth going below zero), or -1.
 */
function firstUnmatchedClose(buf: Buffer, start: number): number {
  let depth = 0;
  for (let i = start; i < buf.length; i++) {
    const c = buf[i];
    if (c === QUOTE) {
      const end = stringEnd(buf, i);
      if (end < 0) return -1;
      i = end - 1;
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

export type TailUsage = { found: true; value: unknown } | { found: false };

/**
 * The value of the top-level `usage` key of the JSON object in `buf`, when it can be read from the
 * tail: `{ found: true, value }` (the parsed object, or `null` for `"usage":null`), or
 * `{ found: false }` when the answer has no such key at the top level or looks unusual — the caller
 * then falls back to a full parse.
 */
export function usageFromTail(buf: Buffer): TailUsage {
  const first = skipWhitespace(buf, 0);
  if (buf[first] !== 0x7b) return { found: false };
  let last = buf.length - 1;
  while (last > first && isWhitespace(buf[last])) last--;
  if (buf[last] !== 0x7d) return { found: false };

  let at = buf.lastIndexOf(USAGE_KEY);
  while (at > first && escaped(buf, at)) at = buf.lastIndexOf(USAGE_KEY, at - 1);
  if (at <= first) return { found: false };
  let i = skipWhitespace(buf, at + USAGE_KEY.length);
  if (buf[i] !== COLON) return { found: false };
  const valueStart = skipWhitespace(buf, i + 1);
  let valueEnd: number;
  if (buf[valueStart] === 0x7b) {
    // the object's own closing brace: the first unmatched close after its opening brace
    const close = firstUnmatchedClose(buf, valueStart + 1);
    if (close < 0 || buf[close] !== 0x7d) return { found: false };
    valueEnd = close + 1;
  } else if (buf[valueStart] === 0x6e && buf.toString('latin1', valueStart, valueStart + 4) === 'null') {
    valueEnd = valueStart + 4;
  } else {
    return { found: false };
  }
  // What follows must close the top-level object and nothing else: then `usage` is one of its keys.
  i = skipWhitespace(buf, valueEnd);
  if (buf[i] !== 0x2c /* , */ && buf[i] !== 0x7d) return { found: false };
  if (firstUnmatchedClose(buf, valueEnd) !== last) return { found: false };
  try {
    return { found: true, value: JSON.parse(buf.toString('utf8', valueStart, valueEnd)) };
  } catch {
    return { found: false };
  }
}

/**
 * Whether a streamed event's JSON text may carry usage: it holds a `"usage"` key whose value is not
 * `null`. OpenAI puts `"usage":null` in every chunk of a stream with `include_usage` but the last, so a
 * search for the key alone would have every chunk parsed. A quote inside a JSON string is always
 * escaped, so generated text never matches; anything unexpected after the key counts as usage (the
 * event is then parsed, which is always right).
 */
export function mayCarryUsage(data: string): boolean {
  for (let at = data.indexOf(USAGE_KEY_TEXT); at !== -1; at = data.indexOf(USAGE_KEY_TEXT, at + USAGE_KEY_TEXT.length)) {
    let i = at + USAGE_KEY_TEXT.length;
    while (isWhitespace(data.charCodeAt(i))) i++;
    if (data.charCodeAt(i) !== COLON) return true;
    i++;
    while (isWhitespace(data.charCodeAt(i))) i++;
    if (!data.startsWith('null', i)) return true;
  }
  return false;
}
