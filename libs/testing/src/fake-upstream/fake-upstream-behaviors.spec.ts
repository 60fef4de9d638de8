import { FakeUpstream } from './index';

const TIMEOUT = Symbol('timeout');

/** Reads SSE events off a fetch response, one at a time, so tests can see exactly what arrived when. */
class SseReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private buffer = '';
  private pending: Promise<string | undefined> | undefined;

  constructor(res: Response) {
    if (!res.body) throw new Error('response has no body');
    this.reader = res.body.getReader();
  }

  /** The next event's raw text (without the blank line), or undefined once the stream ended. */
  next(): Promise<string | undefined> {
    this.pending ??= this.read().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** Like next(), but gives TIMEOUT if nothing arrives within `ms`; the read stays pending for later. */
  nextWithin(ms: number): Promise<string | undefined | typeof TIMEOUT> {
    return Promise.race([this.next(), new Promise<typeof TIMEOUT>((r) => setTimeout(() => r(TIMEOUT), ms))]);
  }

  async rest(): Promise<string[]> {
    const events: string[] = [];
    for (let e = await this.next(); e !== undefined; e = await this.next()) events.push(e);
    return events;
  }

  private async read(): Promise<string | undefined> {
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const event = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        return event;
      }
      const { done, value } = await this.reader.read();
      if (done) return undefined;
      this.buffer += this.decoder.decode(value, { stream: true });
    }
  }
}

/** Text content of chat.completion.chunk events. */
function chatContent(events: string[]): string {
  return events
    .filter((e) => e.startsWith('data: {'))
    .map((e) => JSON.parse(e.slice('data: '.length)) as { choices: { delta: { content?: string } }[] })
    .map((chunk) => chunk.choices[0]?.delta.content ?? '')
    .join('');
}

/** Asserts an OpenAI-shaped error: `{ error: { message, type, param: null, code } }` and nothing else. */
async function expectOpenAiError(res: Response, status: number, type: string, code: string | null): Promise<void> {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error: Record<string, unknown> };
  expect(Object.keys(body)).toEqual(['error']);
  expect(typeof body.error.message).toBe('string');
  expect(body.error).toEqual({ message: body.error.message, type, param: null, code });
}

describe('FakeUpstream behaviors (raw fetch)', () => {
  let fake: FakeUpstream;

  const chatBody = (extra: Record<string, unknown> = {}): string =>
    JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'alpha beta gamma' }], ...extra });
  const post = (path: string, body: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${fake.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, ...init });

  beforeAll(async () => {
    fake = await FakeUpstream.start();
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  it('answers an unknown path with 404 in OpenAI error shape and a request id', async () => {
    const res = await fetch(`${fake.url}/v1/nope?x=1`);
    expect(res.headers.get('x-request-id')).toBe('req_fake_1');
    await expectOpenAiError(res, 404, 'invalid_request_error', 'not_found');
    expect(fake.requests[0]).toMatchObject({ method: 'GET', path: '/v1/nope' });
  });

  it('answers a malformed JSON body with 400 and records the raw text', async () => {
    const res = await post('/v1/chat/completions', '{"model": ');
    await expectOpenAiError(res, 400, 'invalid_request_error', null);
    expect(fake.requests[0].body).toBe('{"model": ');
  });

  it('ends a raw chat stream with data: [DONE] as text/event-stream', async () => {
    const res = await post('/v1/chat/completions', chatBody({ stream: true }));
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = await new SseReader(res).rest();
    expect(events.at(-1)).toBe('data: [DONE]');
    expect(chatContent(events)).toBe('Echo: alpha beta gamma');
  });

  it('serves Azure deployment paths, taking the deployment as the model', async () => {
    const body = JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] });
    const res = await post('/openai/deployments/my-dep/chat/completions?api-version=2024-10-21', body);
    expect(await res.json()).toMatchObject({ model: 'my-dep', choices: [{ message: { content: 'Echo: hi' } }] });
  });

  describe('error', () => {
    it('sends the status with an OpenAI error body and extra headers, for `times` requests only', async () => {
      fake.setBehavior({ kind: 'error', status: 429, headers: { 'retry-after': '1' } }, { times: 1 });

      const failed = await post('/v1/chat/completions', chatBody());
      expect(failed.headers.get('retry-after')).toBe('1');
      expect(failed.headers.get('x-request-id')).toBe('req_fake_1');
      await expectOpenAiError(failed, 429, 'requests', 'rate_limit_exceeded');

      expect((await post('/v1/chat/completions', chatBody())).status).toBe(200);
    });

    it('can target one path and carry a custom body', async () => {
      fake.setBehavior({ kind: 'error', status: 500, body: { error: { message: 'boom' } } }, { path: '/v1/embeddings' });

      expect((await post('/v1/chat/completions', chatBody())).status).toBe(200);
      const failed = await post('/v1/embeddings', JSON.stringify({ model: 'm', input: 'x' }));
      expect(failed.status).toBe(500);
      expect(await failed.json()).toEqual({ error: { message: 'boom' } });
    });

    it('uses `times` behaviors first, in order, then the lasting one', async () => {
      fake.setBehavior({ kind: 'error', status: 503 });
      fake.setBehavior({ kind: 'error', status: 500 }, { times: 1 });
      fake.setBehavior({ kind: 'normal' }, { times: 1 });

      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await post('/v1/chat/completions', chatBody())).status);
      expect(statuses).toEqual([500, 200, 503]);
    });
  });

  it('slow: waits before answering', async () => {
    fake.setBehavior({ kind: 'slow', delayMs: 200 });
    const started = Date.now();
    const res = await post('/v1/chat/completions', chatBody());
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('stall: never answers; the client aborting is recorded', async () => {
    fake.setBehavior({ kind: 'stall' });
    const controller = new AbortController();
    const pending = post('/v1/chat/completions', chatBody(), { signal: controller.signal });

    const received = await fake.waitForRequest((r) => r.path === '/v1/chat/completions');
    expect(received.aborted).toBe(false);
    controller.abort();

    await expect(pending).rejects.toThrow();
    const aborted = await fake.waitForAbort();
    expect(aborted).toBe(received);
    expect(aborted.aborted).toBe(true);
  });

  it('does not count a completed request as aborted', async () => {
    await (await post('/v1/chat/completions', chatBody())).text();
    await expect(fake.waitForAbort(200)).rejects.toThrow(/no aborted request/);
  });

  it('reset: drops the connection without answering', async () => {
    fake.setBehavior({ kind: 'reset' });
    await expect(post('/v1/chat/completions', chatBody())).rejects.toThrow();
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0].aborted).toBe(false);
  });

  it('stream-hold: sends the first chunks, then waits for release()', async () => {
    fake.setBehavior({ kind: 'stream-hold', firstChunks: 1 });
    const sse = new SseReader(await post('/v1/chat/completions', chatBody({ stream: true })));

    const first = await sse.next();
    expect(first).toContain('"role":"assistant"');
    expect(await sse.nextWithin(150)).toBe(TIMEOUT);

    fake.release();
    const rest = await sse.rest();
    expect(chatContent(rest)).toBe('Echo: alpha beta gamma');
    expect(rest.at(-1)).toBe('data: [DONE]');
  });

  it('stream-hold forces a stream even when the request did not ask for one', async () => {
    fake.setBehavior({ kind: 'stream-hold', firstChunks: 0 });
    fake.release();
    const res = await post('/v1/chat/completions', chatBody());
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(chatContent(await new SseReader(res).rest())).toBe('Echo: alpha beta gamma');
  });

  it('stream-stall-after: goes silent after N chunks until the client leaves', async () => {
    fake.setBehavior({ kind: 'stream-stall-after', chunks: 2 });
    const controller = new AbortController();
    const res = await post('/v1/chat/completions', chatBody({ stream: true }), { signal: controller.signal });
    const sse = new SseReader(res);

    expect(await sse.next()).toBeDefined();
    expect(await sse.next()).toContain('"content":"Echo:"');
    expect(await sse.nextWithin(150)).toBe(TIMEOUT);

    controller.abort();
    expect((await fake.waitForAbort()).path).toBe('/v1/chat/completions');
  });

  it('stream-forever: keeps streaming past the answer until the client disconnects', async () => {
    fake.setBehavior({ kind: 'stream-forever', intervalMs: 2 });
    const controller = new AbortController();
    const res = await post('/v1/responses', JSON.stringify({ model: 'm', input: 'hi', stream: true }), {
      signal: controller.signal,
    });
    const sse = new SseReader(res);

    const events: string[] = [];
    for (let i = 0; i < 30; i++) events.push((await sse.next()) ?? 'ended');
    expect(events).not.toContain('ended');
    expect(events.filter((e) => e.startsWith('event: response.output_text.delta')).length).toBeGreaterThan(20);

    controller.abort();
    expect((await fake.waitForAbort()).aborted).toBe(true);
  });

  it('waitForRequest rejects after its timeout', async () => {
    await expect(fake.waitForRequest((r) => r.path === '/never', 50)).rejects.toThrow(/within 50 ms/);
  });

  it('close() ends stalled connections without calling them client aborts', async () => {
    const other = await FakeUpstream.start();
    other.setBehavior({ kind: 'stall' });
    const pending = fetch(`${other.url}/v1/models`);
    const received = await other.waitForRequest();

    await other.close();
    await expect(pending).rejects.toThrow();
    expect(received.aborted).toBe(false);
  });
});
