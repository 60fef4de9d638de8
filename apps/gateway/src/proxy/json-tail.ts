/**
 * Finding `usage` in raw JSON without parsing it: whether a streamed event may carry it
 * (`mayCarryUsage`), and reading it from a non-stream answer (`usageFromTail`). OpenAI-shaped answers put
 * it at the end of the top-level object, so the last `"usage"` key in the bytes is found with a native
 * search, only its token counts are read, and the bytes after it are checked to close the top-level object
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
  // A loop rather than Buffer#indexOf: the strings of a usage object are a few bytes long, and a
  // native call per string cost more than reading them.
  for (let i = open + 1; i < buf.length; i++) {
    const c = buf[i];
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
  }
  return -1;
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

export type TailUsage = { found: true; value: UsageCounts | null } | { found: false };

/** The token counts `usageFrom` reads, as the usage object holds them. */
export type UsageCounts = Partial<Record<UsageField, number>>;
type UsageField = 'prompt_tokens' | 'completion_tokens' | 'total_tokens' | 'input_tokens' | 'output_tokens';
const USAGE_FIELDS: readonly UsageField[] = ['prompt_tokens', 'completion_tokens', 'total_tokens', 'input_tokens', 'output_tokens'];
const USAGE_FIELD_BYTES = USAGE_FIELDS.map((field) => Buffer.from(field, 'latin1'));
/** More digits than this and a count is left to JSON.parse (beyond 2^53 it would round). */
const MAX_COUNT_DIGITS = 15;

/**
 * The top-level `usage` of the JSON object in `buf`, when it can be read from the tail:
 * `{ found: true, value }` with its token counts (`null` for `"usage":null`), or `{ found: false }`
 * when the answer has no such key at the top level or looks unusual — the caller then parses the
 * answer whole.
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
  let counts: UsageCounts | null = null;
  if (buf[valueStart] === 0x7b) {
    const read = readCounts(buf, valueStart);
    if (read === null) return { found: false };
    valueEnd = read.close + 1;
    counts = read.counts;
  } else if (buf[valueStart] === 0x6e && buf.toString('latin1', valueStart, valueStart + 4) === 'null') {
    valueEnd = valueStart + 4;
  } else {
    return { found: false };
  }
  // What follows must close the top-level object and nothing else: then `usage` is one of its keys.
  i = skipWhitespace(buf, valueEnd);
  if (buf[i] !== 0x2c /* , */ && buf[i] !== 0x7d) return { found: false };
  if (firstUnmatchedClose(buf, valueEnd) !== last) return { found: false };
  return { found: true, value: counts };
}

/**
 * Reads the object whose `{` is at `open` member by member, without JSON.parse (which cost more than
 * the rest of the proxy's reading of an answer, docs/performance.md, eleventh pass): the index of its
 * closing brace and the token counts among its own members. Null when it is not the plain shape —
 * a count that is not a plain integer, an escaped key, anything malformed — and the caller falls
 * back to parsing: never a different reading than JSON.parse's.
 */
function readCounts(buf: Buffer, open: number): { close: number; counts: UsageCounts } | null {
  const counts = new Counts();
  let i = skipWhitespace(buf, open + 1);
  if (buf[i] === 0x7d) return { close: i, counts };
  for (;;) {
    if (buf[i] !== QUOTE) return null;
    const keyEnd = stringEnd(buf, i);
    if (keyEnd < 0) return null;
    for (let j = i + 1; j < keyEnd - 1; j++) if (buf[j] === BACKSLASH) return null;
    const field = usageField(buf, i + 1, keyEnd - 1);
    i = skipWhitespace(buf, keyEnd);
    if (buf[i] !== COLON) return null;
    const start = skipWhitespace(buf, i + 1);
    const end = valueEnd(buf, start);
    if (end < 0) return null;
    if (field !== null) {
      const count = plainCount(buf, start, end);
      if (count === null) return null;
      counts.set(field, count);
    }
    i = skipWhitespace(buf, end);
    if (buf[i] === 0x7d) return { close: i, counts };
    if (buf[i] !== 0x2c) return null;
    i = skipWhitespace(buf, i + 1);
  }
}

/**
 * The counts read, in one object shape whatever the answer holds (a field it lacks stays `undefined`,
 * which `usageFrom` reads as absent): assigning the fields by a computed name instead gave every read
 * answer a different chain of shapes, each store a megamorphic one (docs/performance.md, fourteenth pass).
 */
class Counts implements UsageCounts {
  prompt_tokens: number | undefined = undefined;
  completion_tokens: number | undefined = undefined;
  total_tokens: number | undefined = undefined;
  input_tokens: number | undefined = undefined;
  output_tokens: number | undefined = undefined;

  /** Sets one count by its name, each a store of its own (never one keyed store for all five). */
  set(field: UsageField, count: number): void {
    switch (field) {
      case 'prompt_tokens':
        this.prompt_tokens = count;
        break;
      case 'completion_tokens':
        this.completion_tokens = count;
        break;
      case 'total_tokens':
        this.total_tokens = count;
        break;
      case 'input_tokens':
        this.input_tokens = count;
        break;
      case 'output_tokens':
        this.output_tokens = count;
    }
  }
}

/** The token count named by the key text `buf[start..end)`, or null (compared in place: no string made per key). */
function usageField(buf: Buffer, start: number, end: number): UsageField | null {
  const length = end - start;
  for (let f = 0; f < USAGE_FIELD_BYTES.length; f++) {
    const name = USAGE_FIELD_BYTES[f];
    if (name.length !== length) continue;
    let j = 0;
    while (j < length && buf[start + j] === name[j]) j++;
    if (j === length) return USAGE_FIELDS[f];
  }
  return null;
}

/** The index just after the JSON value at `i`: a string, an object or array, or a bare literal; -1 if none. */
function valueEnd(buf: Buffer, i: number): number {
  const c = buf[i];
  if (c === QUOTE) return stringEnd(buf, i);
  if (c === 0x7b || c === 0x5b) {
    const close = firstUnmatchedClose(buf, i + 1);
    return close < 0 ? -1 : close + 1;
  }
  let j = i;
  while (j < buf.length && buf[j] !== 0x2c && buf[j] !== 0x7d && buf[j] !== 0x5d && !isWhitespace(buf[j])) j++;
  return j > i ? j : -1;
}

/** Digits only, no leading zero (JSON's integers that are not negative): their value, else null. */
function plainCount(buf: Buffer, start: number, end: number): number | null {
  const length = end - start;
  if (length < 1 || length > MAX_COUNT_DIGITS || (buf[start] === 0x30 && length > 1)) return null;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = buf[i] - 0x30;
    if (d < 0 || d > 9) return null;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Whether a streamed event's JSON text — or a chunk of whole events, as bytes — may carry usage: it
 * holds a `"usage"` key whose value is not `null`. OpenAI puts `"usage":null` in every chunk of a
 * stream with `include_usage` but the last, so a search for the key alone would have every chunk
 * parsed. A quote inside a JSON string is always escaped, so generated text never matches; anything
 * unexpected after the key counts as usage (the event is then parsed, which is always right).
 */
export function mayCarryUsage(text: string | Buffer): boolean {
  const key = USAGE_KEY_TEXT.length;
  for (let at = find(text, 0); at !== -1; at = find(text, at + key)) {
    let i = at + key;
    while (isWhitespace(codeAt(text, i))) i++;
    if (codeAt(text, i) !== COLON) return true;
    i++;
    while (isWhitespace(codeAt(text, i))) i++;
    if (codeAt(text, i) !== 0x6e || codeAt(text, i + 1) !== 0x75 || codeAt(text, i + 2) !== 0x6c || codeAt(text, i + 3) !== 0x6c)
      return true; // not `null`
  }
  return false;
}

const find = (text: string | Buffer, from: number): number =>
  typeof text === 'string' ? text.indexOf(USAGE_KEY_TEXT, from) : text.indexOf(USAGE_KEY, from);

/** The character (UTF-16 unit, or byte) at `i`; NaN past the end. */
const codeAt = (text: string | Buffer, i: number): number => (typeof text === 'string' ? text.charCodeAt(i) : (text[i] ?? NaN));
