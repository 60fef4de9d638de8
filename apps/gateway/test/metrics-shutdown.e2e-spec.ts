import request from 'supertest';
import { InFlight } from '../src/proxy/in-flight';
import { Lifecycle } from '../src/core/lifecycle';
import { ProxyFixture, startProxyFixture } from './support/proxy-fixture';

describe('/metrics and graceful shutdown (e2e)', () => {
  let f: ProxyFixture;

  beforeAll(async () => {
    f = await startProxyFixture({ allowPrivateNetwork: true });
  });

  afterAll(async () => {
    await f?.close();
  });

  it('exposes Prometheus metrics without a session, fed by /v1 calls', async () => {
    await f.client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] });
    const res = await request(f.t.server).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/^switchyard_requests_total\{model="chat",status="2xx"\} 1$/m);
    expect(res.text).toMatch(/^switchyard_request_duration_seconds_count\{model="chat"\} 1$/m);
    expect(res.text).toMatch(/^switchyard_tokens_total\{type="prompt"\} [1-9]/m);
    expect(res.text).toMatch(/^switchyard_tokens_total\{type="completion"\} [1-9]/m);
    expect(res.text).toMatch(/^switchyard_log_queue_depth \d+$/m);
    expect(res.text).toMatch(/^switchyard_log_rows_dropped_total 0$/m);
    expect(res.text).toMatch(/^switchyard_rate_limit_store_errors_total 0$/m);
    expect(res.text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    // Unknown models do not become label values.
    await fetch(`${f.t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${f.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'no-such-model-123', messages: [] }),
    });
    const after = await request(f.t.server).get('/metrics');
    expect(after.text).not.toContain('no-such-model-123');
    expect(after.text).toMatch(/^switchyard_requests_total\{model="none",status="4xx"\} 1$/m);
  });

  it('on shutdown, lets an in-flight stream finish and logs it before closing', async () => {
    f.fake.setBehavior({ kind: 'stream-hold', firstChunks: 2 }, { times: 1 });
    const res = await fetch(`${f.t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${f.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'chat', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(200);
    const requestId = res.headers.get('x-request-id')!;
    const body = res.text();
    const inFlight = f.t.app.get(InFlight);
    expect(inFlight.count).toBe(1);

    const closed = f.t.gateway.close(5_000);
    // Shutting down (ready answers 503), but the stream is still being served.
    expect(f.t.app.get(Lifecycle).shuttingDown).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(inFlight.count).toBe(1);
    f.fake.release();
    const text = await body;
    expect(text).toContain('data: [DONE]');
    expect(text).not.toContain('server_shutting_down');
    // The rows are kept in the database (the test database survives the gateway).
    const rows: { request_id: string; status_code: number }[] = [];
    await closed;
    const { Client } = await import('pg');
    const client = new Client({ connectionString: f.t.database.url });
    await client.connect();
    try {
      rows.push(...(await client.query('SELECT request_id, status_code FROM request_logs WHERE request_id = $1', [requestId])).rows);
    } finally {
      await client.end();
    }
    expect(rows).toEqual([{ request_id: requestId, status_code: 200 }]);
  });
});
