import type { StatsResponse } from '@switchyard/contracts';
import * as http from 'node:http';
import request from 'supertest';
import { StatsStreams } from '../src/stats/stats-stream.service';
import { ADMIN_PASSWORD, ADMIN_USERNAME, startTestGateway, TestGateway } from './support/test-gateway';

/** The session cookies of a fresh admin login. */
async function sessionCookie(t: TestGateway): Promise<string> {
  const res = await request(t.server).post('/api/auth/login').send({ username: ADMIN_USERNAME, password: ADMIN_PASSWORD });
  expect(res.status).toBe(200);
  return (res.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
}

interface OpenStream {
  status: number;
  contentType: string | undefined;
  /** Everything received that is not a complete event yet (a whole error body, for a refused request). */
  rest(): string;
  /** The next `data:` event, parsed; rejects when the response ends first. */
  nextEvent(): Promise<StatsResponse>;
  /** Settles when the connection is gone, whoever ended it. */
  ended: Promise<void>;
  abort(): void;
}

/**
 * A GET read as it arrives, on a connection of its own (`agent: false`): no pooled keep-alive socket
 * outlives the test and finds its way to the next gateway on a recycled port.
 */
async function openStream(t: TestGateway, cookie: string, query = 'window=24h'): Promise<OpenStream> {
  const req = http.get(`${t.url}/api/stats/stream?${query}`, { headers: { cookie }, agent: false });
  req.on('error', () => undefined); // abort() destroys the request on purpose
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => req.once('response', resolve).once('error', reject));
  res.setEncoding('utf8');
  res.on('error', () => undefined);
  const ended = new Promise<void>((resolve) => res.once('close', resolve));
  let buffer = '';
  const events: StatsResponse[] = [];
  let arrived: () => void = () => undefined;
  res.on('data', (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const data = buffer
        .slice(0, end)
        .split('\n')
        .find((line) => line.startsWith('data: '));
      buffer = buffer.slice(end + 2);
      if (data) events.push(JSON.parse(data.slice('data: '.length)) as StatsResponse);
    }
    arrived();
  });
  let isEnded = false;
  void ended.then(() => (isEnded = true));
  return {
    status: res.statusCode ?? 0,
    contentType: res.headers['content-type'],
    rest: () => buffer,
    ended,
    abort: () => req.destroy(),
    nextEvent: async () => {
      while (events.length === 0) {
        if (isEnded) throw new Error('the stream ended before an event arrived');
        await Promise.race([new Promise<void>((resolve) => (arrived = resolve)), ended]);
      }
      return events.shift()!;
    },
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

async function eventually(check: () => void, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(25);
    }
  }
}

describe('/api/stats/stream (e2e)', () => {
  let t: TestGateway;
  let cookie: string;

  beforeAll(async () => {
    t = await startTestGateway();
    cookie = await sessionCookie(t);
  });

  afterAll(async () => {
    await t.close(); // idempotent: the last test closes it already
  });

  it('sends a StatsResponse at once as server-sent events, and stops its timer when the client aborts', async () => {
    const streams = t.app.get(StatsStreams);
    const started = Date.now();
    const stream = await openStream(t, cookie);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    const event = await stream.nextEvent();
    expect(Date.now() - started).toBeLessThan(2_000); // the first event does not wait for the interval
    expect(event).toMatchObject({
      window: '24h',
      bucketSeconds: 3600,
      totals: { requests: 0, errors: 0, errorRate: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 },
      latency: { p50: null, p95: null, p99: null },
      ttft: { p50: null },
      topUsers: [],
      topModels: [],
    });
    expect(event.series).toHaveLength(24);
    expect(Number.isNaN(Date.parse(event.generatedAt))).toBe(false);
    expect(streams.active).toBe(1);
    stream.abort();
    await eventually(() => expect(streams.active).toBe(0));
  });

  it('refuses a bad window with a 400 before any stream starts', async () => {
    const stream = await openStream(t, cookie, 'window=5m');
    await stream.ended;
    expect(stream.status).toBe(400);
    expect(stream.contentType).toMatch(/json/);
    expect(stream.rest()).toMatch(/\bwindow\b/);
  });

  it('ends open streams at shutdown, so app.close() does not wait for the clients', async () => {
    const stream = await openStream(t, cookie);
    await stream.nextEvent();
    const started = Date.now();
    await t.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    // The server ended the response: the client sees the end of the stream, not a hang.
    const outcome = await Promise.race([stream.ended.then(() => 'ended'), sleep(3_000).then(() => 'hanging')]);
    expect(outcome).toBe('ended');
  });
});
