import type { IncomingHttpHeaders } from 'node:http';

/** Client headers that never travel upstream: credentials, cookies, hop-by-hop, recomputed, org routing. */
const BLOCKED = new Set([
  'authorization',
  'x-api-key',
  'api-key',
  'cookie',
  'host',
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-length',
  'content-type',
  'accept-encoding',
  'expect',
  'openai-organization',
  'openai-project',
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-real-ip',
  'x-request-id',
]);

/** The client headers that may be forwarded (lower-cased; also drops any named in `Connection`). */
export function forwardableHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const connection = headers.connection;
  // `Connection: keep-alive` / `close` (the usual values) name only blocked headers anyway.
  const hopByHop =
    connection === undefined || connection === 'keep-alive' || connection === 'close'
      ? null
      : new Set(
          String(connection)
            .split(',')
            .map((h) => h.trim().toLowerCase())
            .filter(Boolean),
        );
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || BLOCKED.has(name) || hopByHop?.has(name)) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * An answer's headers as the flat list `writeHead` takes: name, value, name, value, … The proxy builds
 * each `/v1` answer's head this way and writes it once, never with `res.setHeader`: Node keeps headers
 * set that way in a prototype-less object that V8 holds in dictionary mode, and writing them costs
 * runtime calls (for-in, `Object.keys`, dictionary inserts) of ~6 µs per call in the gateway
 * (docs/performance.md, seventh pass). Read a written head back with `sentHeader` (core/sent-header.ts).
 */
export type HeaderList = string[];

/** Appends `headers` to `list`; returns `list`. */
export function addHeaders(list: HeaderList, headers: Readonly<Record<string, string>>): HeaderList {
  for (const name in headers) list.push(name, headers[name]);
  return list;
}

/**
 * The token of an `Authorization: Bearer <token>` value (the scheme in any case, then whitespace), or
 * null. Read without a regular expression and its match array, on every call.
 */
export function bearerToken(value: string): string | null {
  const auth = value.trim();
  if (auth.length < 8 || !startsWithBearer(auth) || !isSpace(auth.charCodeAt(6))) return null;
  const token = auth.slice(7).trim();
  return token === '' ? null : token;
}

const BEARER = 'bearer';

/** Whether `value` starts with `bearer` in any ASCII case, compared in place (no slice, no lower-cased copy). */
function startsWithBearer(value: string): boolean {
  // Setting bit 5 lower-cases an ASCII letter and maps nothing else onto one: b, e, a, r only match themselves.
  for (let i = 0; i < BEARER.length; i++) if ((value.charCodeAt(i) | 0x20) !== BEARER.charCodeAt(i)) return false;
  return true;
}

/** What `\s` matches in the ASCII range (the header's value is ASCII / Latin-1). */
const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || (c >= 0x0a && c <= 0x0d) || c === 0xa0;

/** The key a client presented: `Authorization: Bearer …` or `x-api-key`. */
export function presentedKey(headers: IncomingHttpHeaders): string | null {
  const auth = headers.authorization;
  if (auth) {
    const token = bearerToken(auth);
    if (token) return token;
  }
  const apiKey = headers['x-api-key'];
  const key = typeof apiKey === 'string' ? apiKey.trim() : '';
  if (key) return key;
  return null;
}
