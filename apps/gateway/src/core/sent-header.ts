import type { ServerResponse } from 'node:http';

/**
 * A header of a response: one set with `setHeader`, or one passed to `writeHead` as a list, which
 * `getHeader` does not see (the `/v1` proxy writes its heads that way: `HeaderList` in
 * proxy/headers.ts). Those are read from the head as Node wrote it (`_header`: the status line and
 * the headers, once written).
 */
export function sentHeader(res: ServerResponse, name: string): string | undefined {
  const value = res.getHeader(name);
  if (value !== undefined) return String(value);
  const head = (res as { _header?: unknown })._header;
  if (typeof head !== 'string') return undefined;
  const start = head.toLowerCase().indexOf(`\r\n${name.toLowerCase()}:`);
  if (start === -1) return undefined;
  const from = start + name.length + 3;
  const end = head.indexOf('\r\n', from);
  return head.slice(from, end === -1 ? undefined : end).trim();
}
