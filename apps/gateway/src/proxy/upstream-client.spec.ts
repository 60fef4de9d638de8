import { once } from 'node:events';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemResolver, UrlGuard } from '../core/url-guard';
import { isAbort } from './upstream-errors';
import { BodySink, UpstreamAbort, UpstreamClient, UpstreamResponse } from './upstream-client';

/** A local upstream; `handler` answers each request. */
async function upstream(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat/completions` };
}

const chunk = Buffer.alloc(64 * 1024, 'x');

/** Writes `total` bytes as fast as the connection takes them; resolves with what was written when it stops. */
function writeMany(res: ServerResponse, total: number): Promise<number> {
  return new Promise((resolve) => {
    let written = 0;
    const more = () => {
      while (written < total) {
        written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', more);
      }
      res.end();
      resolve(written);
    };
    res.on('close', () => resolve(written));
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    more();
  });
}

/** Collects what a body delivers, with a switch for back-pressure. */
class Sink implements BodySink {
  bytes = 0;
  /** Asks for a pause once this many bytes have come. */
  pauseAfter = Infinity;
  readonly done: Promise<Error | null>;
  private settle!: (err: Error | null) => void;

  constructor() {
    this.done = new Promise((resolve) => (this.settle = resolve));
  }

  data(c: Buffer): boolean {
    this.bytes += c.length;
    return this.bytes < this.pauseAfter;
  }

  end(): void {
    this.settle(null);
  }

  error(err: Error): void {
    this.settle(err);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('UpstreamClient (undici dispatch)', () => {
  const client = new UpstreamClient(new UrlGuard(systemResolver));
  const servers: Server[] = [];
  afterEach(() => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      server.close();
    }
  });
  afterAll(() => client.onApplicationShutdown());

  async function send(
    handler: (req: IncomingMessage, res: ServerResponse) => void,
    signal = new UpstreamAbort(),
  ): Promise<UpstreamResponse> {
    const { server, url } = await upstream(handler);
    servers.push(server);
    return client.send(
      { url, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"m"}' },
      5_000,
      signal,
      true,
    );
  }

  it('resolves at the headers (lower-case names) and collects the body', async () => {
    const answer = await send((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.writeHead(201, { 'Content-Type': 'application/json', 'X-Request-Id': 'up-1' });
        res.write('{"echo":');
        setTimeout(() => res.end(`${body}}`), 20);
      });
    });
    expect(answer.statusCode).toBe(201);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.headers['x-request-id']).toBe('up-1');
    const { body, over } = await answer.body.collect(1024);
    expect(over).toBe(false);
    expect(body.toString()).toBe('{"echo":{"model":"m"}}');
  });

  it('keeps chunks that arrive before the body is read, and delivers them first', async () => {
    const answer = await send((_req, res) => {
      res.writeHead(200);
      res.end('early bytes');
    });
    await sleep(50); // the whole answer has arrived by now
    expect((await answer.body.collect(1024)).body.toString()).toBe('early bytes');
  });

  it('stops at the limit and ends the upstream call', async () => {
    let written: Promise<number> = Promise.resolve(0);
    const answer = await send((_req, res) => {
      written = writeMany(res, 64 * 1024 * 1024);
    });
    const { body, over } = await answer.body.collect(100_000);
    expect(over).toBe(true);
    expect(body.length).toBeLessThanOrEqual(100_000);
    expect(await written).toBeLessThan(64 * 1024 * 1024); // the upstream saw the connection close
  });

  it('applies back-pressure: a paused sink stops the upstream, resuming delivers the rest', async () => {
    const total = 64 * 1024 * 1024;
    let written: Promise<number> = Promise.resolve(0);
    let writtenSoFar = () => 0;
    const answer = await send((_req, res) => {
      written = writeMany(res, total);
      writtenSoFar = () => res.socket?.bytesWritten ?? 0;
    });
    const sink = new Sink();
    sink.pauseAfter = 1024 * 1024;
    answer.body.pipeTo(sink);
    await sleep(300);
    // Socket buffers hold a few MB at most; without back-pressure all 64 MB would be through by now.
    expect(sink.bytes).toBeLessThan(16 * 1024 * 1024);
    expect(writtenSoFar()).toBeLessThan(32 * 1024 * 1024);
    sink.pauseAfter = Infinity;
    answer.body.resume();
    expect(await sink.done).toBeNull();
    expect(sink.bytes).toBe(total);
    expect(await written).toBe(total);
  });

  it('aborts the call in progress when its signal aborts', async () => {
    const signal = new UpstreamAbort();
    let closed: Promise<unknown> = Promise.resolve();
    const answer = await send((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {}\n\n');
      closed = once(res, 'close');
    }, signal);
    const sink = new Sink();
    answer.body.pipeTo(sink);
    signal.abort();
    const err = await sink.done;
    expect(isAbort(err)).toBe(true);
    await closed; // the upstream saw the connection go
  });

  it('fails with an abort error, sending nothing, when the signal was aborted before', async () => {
    let requests = 0;
    const err = await send(() => requests++, new UpstreamAbort(true)).catch((e: unknown) => e);
    expect(isAbort(err)).toBe(true);
    expect(requests).toBe(0);
  });

  it('rejects with the timeout when no headers arrive in time', async () => {
    const { server, url } = await upstream(() => undefined);
    servers.push(server);
    const err = await client.send({ url, method: 'POST', headers: {}, body: '' }, 200, new UpstreamAbort(), true).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('UND_ERR_HEADERS_TIMEOUT');
  });

  it('refuses a private IP literal unless the API allows private networks', async () => {
    const request = { url: 'http://127.0.0.1:9/v1/x', method: 'POST' as const, headers: {}, body: '' };
    const err = await client.send(request, 1_000, new UpstreamAbort(), false).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('EADDRNOTALLOWED');
  });
});

describe('UpstreamAbort', () => {
  it('cuts a pause short when it aborts, and does not pause once aborted', async () => {
    const signal = new UpstreamAbort();
    const started = performance.now();
    const pause = signal.sleep(5_000);
    setTimeout(() => signal.abort(), 20);
    await pause;
    expect(performance.now() - started).toBeLessThan(1_000);
    const again = performance.now();
    await signal.sleep(5_000);
    expect(performance.now() - again).toBeLessThan(50);
  });

  it('waits the whole pause when nothing aborts', async () => {
    const started = performance.now();
    await new UpstreamAbort().sleep(30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });
});
