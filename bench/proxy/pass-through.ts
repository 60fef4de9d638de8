/**
 * The yardstick: the least a Node proxy can do. A plain `node:http` server that streams every request
 * to the upstream through an undici `Pool.stream` and the answer back, with no auth, parsing or
 * logging. Run as a child process with the upstream origin as its argument: prints
 * `LISTENING <port>` on stdout.
 */
import { createServer, IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'te', 'trailer']);

function responseHeaders(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  return out;
}

/** Starts the pass-through on 127.0.0.1 in front of `upstream` and resolves with its port. */
export function startPassThrough(upstream: string, port = 0): Promise<number> {
  const pool = new Pool(upstream, { connections: 512, keepAliveTimeout: 30_000 });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const headers: Record<string, string> = { 'content-type': req.headers['content-type'] ?? 'application/json' };
    if (req.headers['content-length']) headers['content-length'] = req.headers['content-length'];
    pool
      .stream({ path: req.url ?? '/', method: 'POST', headers, body: req }, ({ statusCode, headers: upstreamHeaders }) => {
        res.writeHead(statusCode, responseHeaders(upstreamHeaders));
        return res;
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
        res.end();
      });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

if (require.main === module) {
  const upstream = process.argv[2];
  if (!upstream) {
    process.stderr.write('usage: node pass-through.js <upstream origin>\n');
    process.exit(2);
  }
  startPassThrough(upstream).then(
    (port) => process.stdout.write(`LISTENING ${port}\n`),
    (err: unknown) => {
      process.stderr.write(`pass-through failed: ${String(err)}\n`);
      process.exit(1);
    },
  );
}
