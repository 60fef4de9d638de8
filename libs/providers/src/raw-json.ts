/**
 * Re-serialising a large client body costs more than the proxy's own work, yet the gateway only
 * touches a few top-level keys (`model`, `stream_options`). A body parsed with `parseJsonObject`
 * remembers its source text; `serializeJson` then rebuilds the JSON by splicing the changed top-level
 * values into that text instead of `JSON.stringify`-ing the whole object.
 *
 * How a change is found: the parsed object carries (under an enumerable symbol, so `{ ...body, k: v }`
 * copies it and JSON.stringify ignores it) its source text and a shallow snapshot of its top-level
 * values. A top-level value that is no longer the same (`!==`) is spliced in, a new key is appended, a
 * removed key — or anything unusual (duplicate top-level keys, an `undefined` value) — falls back to
 * `JSON.stringify`. Nested values are compared by identity only: replace them, never mutate them in
 * place (the adapters' contract already says bodies are not mutated).
 */

const RAW = Symbol('switchyard.rawJson');

interface RawSource {
  text: string;
  /** The top-level values as parsed (a shallow copy, so in-place top-level assignment is detected too). */
  values: Record<string, unknown>;
}

/** A top-level member of a JSON object text: key and the span of its value. */
interface Member {
  key: string;
  valueStart: number;
  valueEnd: number;
}

/** Parses a JSON text and, when it is an object, remembers the text for `serializeJson`. */
export function parseJsonObject(text: string): unknown {
  const parsed: unknown = JSON.parse(text);
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) rememberJsonSource(parsed as Record<string, unknown>, text);
  return parsed;
}

/** Attaches `text` (which must be the exact JSON `body` was parsed from) to `body`. */
export function rememberJsonSource(body: Record<string, unknown>, text: string): void {
  // Assigned, which makes it enumerable, writable and configurable as `defineProperty` did, through an
  // inline cache instead of a runtime call on every request.
  (body as { [RAW]?: RawSource })[RAW] = { text, values: { ...body } };
}

/** The source text of a parsed body (or of a shallow copy of one), if known. */
export function jsonSourceOf(body: object): string | undefined {
  return (body as { [RAW]?: RawSource })[RAW]?.text;
}

/** JSON text for `body`: its source with the changed top-level values spliced in, or `JSON.stringify`. */
export function serializeJson(body: Record<string, unknown>): string {
  const source = (body as { [RAW]?: RawSource })[RAW];
  return (source && splice(source, body)) ?? JSON.stringify(body);
}

function splice(source: RawSource, body: Record<string, unknown>): string | null {
  const base = source.values;
  const changed = new Map<string, string>();
  const added: string[] = [];
  for (const key of Object.keys(body)) {
    const value = body[key];
    if (Object.prototype.hasOwnProperty.call(base, key) && base[key] === value) continue;
    const json = JSON.stringify(value);
    if (json === undefined) return null; // undefined / function: JSON.stringify would drop the key
    if (Object.prototype.hasOwnProperty.call(base, key)) changed.set(key, json);
    else added.push(`${JSON.stringify(key)}:${json}`);
  }
  for (const key of Object.keys(base)) if (!Object.prototype.hasOwnProperty.call(body, key)) return null;
  if (changed.size === 0 && added.length === 0) return source.text;

  const scan = scanTopLevel(source.text);
  if (!scan) return null;
  let out = '';
  let at = 0;
  for (const member of scan.members) {
    const json = changed.get(member.key);
    if (json === undefined) continue;
    out += source.text.slice(at, member.valueStart) + json;
    at = member.valueEnd;
  }
  if (added.length === 0) return out + source.text.slice(at);
  const separator = scan.members.length > 0 ? ',' : '';
  return out + source.text.slice(at, scan.close) + separator + added.join(',') + source.text.slice(scan.close);
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipWhitespace(text: string, i: number): number {
  while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
  return i;
}

/** `open` is the index of a string's opening quote: the index just after its closing quote, or -1. */
function stringEnd(text: string, open: number): number {
  let i = open;
  for (;;) {
    i = text.indexOf('"', i + 1);
    if (i < 0) return -1;
    let backslashes = 0;
    for (let j = i - 1; text.charCodeAt(j) === BACKSLASH; j--) backslashes++;
    if (backslashes % 2 === 0) return i + 1;
  }
}

/** The index just after the JSON value starting at `i` (the text is known to be valid JSON), or -1. */
function valueEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return stringEnd(text, i);
  if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const d = text.charCodeAt(j);
      if (d === QUOTE) {
        j = stringEnd(text, j) - 1;
        if (j < 0) return -1;
      } else if (d === 0x7b || d === 0x5b) depth++;
      else if (d === 0x7d || d === 0x5d) {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return -1;
  }
  // number, true, false, null
  let j = i;
  while (j < text.length) {
    const d = text.charCodeAt(j);
    if (d === 0x2c || d === 0x7d || d === 0x5d || isWhitespace(d)) break;
    j++;
  }
  return j > i ? j : -1;
}

/** The top-level members of a JSON object text and the index of its closing brace; null if unusual. */
export function scanTopLevel(text: string): { members: Member[]; close: number } | null {
  let i = skipWhitespace(text, 0);
  if (text.charCodeAt(i) !== 0x7b) return null;
  i = skipWhitespace(text, i + 1);
  const members: Member[] = [];
  const seen = new Set<string>();
  if (text.charCodeAt(i) === 0x7d) return { members, close: i };
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return null;
    const keyEnd = stringEnd(text, i);
    if (keyEnd < 0) return null;
    const rawKey = text.slice(i + 1, keyEnd - 1);
    const key = rawKey.includes('\\') ? (JSON.parse(text.slice(i, keyEnd)) as string) : rawKey;
    // Duplicate keys: JSON.parse keeps the last, an upstream may read the first. Never forward those.
    if (seen.has(key)) return null;
    seen.add(key);
    i = skipWhitespace(text, keyEnd);
    if (text.charCodeAt(i) !== 0x3a /* : */) return null;
    const valueStart = skipWhitespace(text, i + 1);
    const end = valueEnd(text, valueStart);
    if (end < 0) return null;
    members.push({ key, valueStart, valueEnd: end });
    i = skipWhitespace(text, end);
    const c = text.charCodeAt(i);
    if (c === 0x7d) return { members, close: i };
    if (c !== 0x2c) return null;
    i = skipWhitespace(text, i + 1);
  }
}
