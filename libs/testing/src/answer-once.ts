import { once } from 'node:events';
import { createServer, get, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Serves one `GET /` on 127.0.0.1 with `handler` (a real `ServerResponse`, for code that writes to
 * one) and resolves with the body the client received, also when the server cut it before its end;
 * then closes the server. `onHead` runs when the client has the answer's head, before its body.
 */
export async function answerOnce(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  onHead: (res: IncomingMessage) => void = () => undefined,
): Promise<string> {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    return await new Promise<string>((resolve, reject) => {
      const req = get(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, (res) => {
        onHead(res);
        const parts: Buffer[] = [];
        res.on('data', (chunk: Buffer) => parts.push(chunk));
        res.on('error', () => undefined); // cut before its end ("aborted"): what came is the answer
        res.on('close', () => resolve(Buffer.concat(parts).toString('utf8')));
      });
      req.on('error', reject);
    });
  } finally {
    server.close();
  }
}
