import * as net from 'node:net';
import { CircuitBreakers } from '../src/proxy/circuit-breaker';
import { errorJson, eventually, ProxyFixture, startProxyFixture } from './support/proxy-fixture';

const TIMEOUT_MS = 1500;

describe('/v1 upstream failure modes (e2e)', () => {
  let f: ProxyFixture;

  beforeAll(async () => {
    f = await startProxyFixture({ timeoutMs: TIMEOUT_MS });
  });

  afterAll(async () => {
    await f.close();
  });

  // Each case fails the one API on purpose: its circuit breaker must not carry over between cases.
  beforeEach(() => {
    f.fake.reset();
    f.t.app.get(CircuitBreakers).clear();
  });

  const chat = (extra: Record<string, unknown> = {}, signal?: AbortSignal) =>
    fetch(`${f.t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${f.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'a b c d e f' }], ...extra }),
      signal,
    });

  async function lastRow() {
    const rows = await f.logRows();
    return rows[rows.length - 1];
  }

  it.each([400, 429, 500, 503])('keeps an upstream %i with an OpenAI-shaped body and logs it', async (status) => {
    f.fake.setBehavior({ kind: 'error', status });
    const res = await chat();
    expect(res.status).toBe(status);
    const body = await errorJson(res);
    expect(body.error).toEqual(expect.objectContaining({ message: expect.any(String), type: expect.any(String) }));
    expect(Object.keys(body.error)).toEqual(expect.arrayContaining(['message', 'type', 'param', 'code']));
    expect(await lastRow()).toMatchObject({ status_code: status, error_type: body.error.type, error_message: body.error.message });
  });

  it('wraps a non-JSON upstream error in the OpenAI shape', async () => {
    f.fake.setBehavior({ kind: 'error', status: 502, body: '<html>bad gateway</html>', headers: { 'content-type': 'text/html' } });
    const res = await chat();
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toMatch(/json/);
    expect((await errorJson(res)).error).toMatchObject({ type: 'upstream_error', message: expect.stringContaining('bad gateway') });
  });

  it('takes the message of an upstream error body in another JSON shape ({"message": …}), for the client and the log', async () => {
    f.fake.setBehavior({
      kind: 'error',
      status: 404,
      body: '{"message": "model  llama-3  is not served here"}',
      headers: { 'content-type': 'application/json' },
    });
    const res = await chat();
    expect(res.status).toBe(404);
    expect((await errorJson(res)).error).toEqual({
      message: 'model  llama-3  is not served here',
      type: 'upstream_error',
      param: null,
      code: null,
    });
    expect(await lastRow()).toMatchObject({ status_code: 404, error_message: 'model  llama-3  is not served here' });
  });

  it('answers 502 when the upstream resets the connection', async () => {
    f.fake.setBehavior({ kind: 'reset' });
    const res = await chat();
    expect(res.status).toBe(502);
    expect((await errorJson(res)).error.type).toBe('upstream_error');
    expect(await lastRow()).toMatchObject({ status_code: 502, error_type: 'upstream_error' });
  });

  it('answers 502 when nothing listens at the upstream address', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const api = await f.admin.post('/api/apis', {
      name: 'dead',
      provider: 'openai',
      baseUrl: `http://127.0.0.1:${port}/v1`,
      allowPrivateNetwork: true,
      apiKey: 'k',
      model: 'm',
    });
    await f.admin.post('/api/aliases', { alias: 'dead', apiId: api.body.id });
    await f.admin.patch(`/api/users/${f.userId}`, { allowedModels: ['chat', 'dead'] });
    const res = await fetch(`${f.t.url}/v1/embeddings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${f.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'dead', input: 'x' }),
    });
    expect(res.status).toBe(502);
    expect((await errorJson(res)).error.message).toMatch(/connection refused/);
  });

  it('answers 504 and aborts the upstream request when no headers arrive within timeoutMs', async () => {
    f.fake.setBehavior({ kind: 'stall' });
    const started = Date.now();
    const res = await chat();
    expect(res.status).toBe(504);
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 100);
    expect((await errorJson(res)).error.code).toBe('upstream_timeout');
    await f.fake.waitForAbort(3_000);
    expect(await lastRow()).toMatchObject({ status_code: 504 });
  });

  it('ends a stream that goes idle for timeoutMs with an SSE error event, aborts upstream and logs 504', async () => {
    f.fake.setBehavior({ kind: 'stream-stall-after', chunks: 2 });
    const res = await chat({ stream: true });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('"content"');
    const lastEvent = text.trim().split('\n\n').pop()!;
    expect(JSON.parse(lastEvent.replace(/^data: /, '')).error.code).toBe('upstream_timeout');
    await f.fake.waitForAbort(3_000);
    expect(await lastRow()).toMatchObject({ status_code: 504, stream: true });
  });

  it('aborts the upstream at once when the client hangs up mid-stream, and logs 499', async () => {
    f.fake.setBehavior({ kind: 'stream-forever', intervalMs: 20 });
    const controller = new AbortController();
    const res = await chat({ stream: true }, controller.signal);
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    const aborted = await f.fake.waitForAbort(2_000);
    expect(aborted.aborted).toBe(true);
    await eventually(async () => expect(await lastRow()).toMatchObject({ status_code: 499, error_type: 'client_closed_request' }));
  });

  it('relays stream chunks as they arrive: the first chunk reaches the client while the upstream holds the rest', async () => {
    f.fake.setBehavior({ kind: 'stream-hold', firstChunks: 2 });
    const res = await chat({ stream: true });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    while (!received.includes('"content"')) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended before the first content chunk');
      received += decoder.decode(value, { stream: true });
    }
    expect(received).not.toContain('[DONE]');
    f.fake.release();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      received += decoder.decode(value, { stream: true });
    }
    expect(received).toContain('[DONE]');
  });
});
