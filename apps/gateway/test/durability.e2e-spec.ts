import { createTestDatabase, FakeUpstream, TestDatabase } from '@switchyard/testing';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import request from 'supertest';
import { LogWriter } from '../src/logs/log-writer.service';
import { eventually } from './support/proxy-fixture';
import { AdminClient, startTestGateway, TestGateway } from './support/test-gateway';

/** A TCP relay to PostgreSQL that the test can cut (every connection dropped, port refused) and restore. */
class CuttableProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(
    private readonly host: string,
    private readonly targetPort: number,
  ) {}

  async open(): Promise<void> {
    if (this.server) return;
    const server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, this.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

describe('a database outage (e2e)', () => {
  let database: TestDatabase;
  let relay: CuttableProxy;
  let fake: FakeUpstream;
  let t: TestGateway;
  let admin: AdminClient;
  let apiKey: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const url = new URL(database.url);
    relay = new CuttableProxy(url.hostname, Number(url.port));
    await relay.open();
    url.hostname = '127.0.0.1';
    url.port = String(relay.port);
    fake = await FakeUpstream.start();
    t = await startTestGateway({}, { database: { ...database, url: url.toString() }, secretKey: randomBytes(32).toString('base64url') });
    admin = await t.login();
    const api = await admin.post('/api/apis', {
      name: 'fake',
      provider: 'openai',
      baseUrl: `${fake.url}/v1`,
      apiKey: 'sk-upstream-0123456789',
      model: 'gpt-4o-mini',
      allowPrivateNetwork: true,
    });
    expect(api.status).toBe(201);
    expect((await admin.post('/api/aliases', { alias: 'chat', apiId: api.body.id })).status).toBe(201);
    const user = await admin.post('/api/users', { name: 'app', allowedModels: ['chat'] });
    apiKey = user.body.apiKey;
  });

  afterAll(async () => {
    await relay?.open().catch(() => undefined);
    await t?.close();
    await relay?.cut(); // its listening server would keep the jest worker alive
    await fake?.close();
    await database?.drop();
  });

  const chat = (stream = false) =>
    fetch(`${t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'chat', stream, messages: [{ role: 'user', content: 'hi' }] }),
    });

  it('keeps serving /v1, answers 503 on the admin API, spools the log and replays it exactly once', async () => {
    const answered: string[] = [];
    const call = async (stream = false) => {
      const res = await chat(stream);
      expect(res.status).toBe(200);
      await res.text();
      answered.push(res.headers.get('x-request-id')!);
    };
    for (let i = 0; i < 3; i++) await call();
    await t.app.get(LogWriter).flush();

    await relay.cut();
    for (let i = 0; i < 6; i++) await call(i % 2 === 1);
    // The admin API says so instead of failing with 500 or hanging; /health stays 200, degraded.
    const users = await admin.get('/api/users');
    expect(users.status).toBe(503);
    expect(users.body).toEqual({ statusCode: 503, message: 'Database unavailable', error: 'Service Unavailable' });
    const health = await request(t.server).get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'degraded', database: 'down' });

    // After a few failed writes the rows move to DATA_DIR/spool. Waiting for the writer's own count
    // (kept once a file is complete and synced), not for the file: it shows up before that.
    const spoolDir = path.join(t.dataDir, 'spool');
    const spooled = async () => (await fs.readdir(spoolDir).catch(() => [])).filter((f) => f.endsWith('.jsonl'));
    const writer = t.app.get(LogWriter);
    await eventually(async () => expect(writer.stats().spooled).toBeGreaterThanOrEqual(6), 15_000);
    expect((await spooled()).length).toBeGreaterThan(0);
    expect(writer.stats()).toMatchObject({ queued: 0, dropped: 0 });
    const metrics = await request(t.server).get('/metrics');
    expect(metrics.text).toMatch(/^switchyard_log_rows_spooled [1-9]/m);

    await relay.open();
    for (let i = 0; i < 2; i++) await call();
    await eventually(async () => expect(await spooled()).toEqual([]), 20_000);
    await writer.flush();
    const rows: { request_id: string; n: number }[] = await t.dataSource.query(
      'SELECT request_id, count(*)::int AS n FROM request_logs GROUP BY request_id',
    );
    expect(rows.map((r) => r.request_id).sort()).toEqual([...answered].sort());
    expect(rows.every((r) => r.n === 1)).toBe(true);
    expect(writer.stats()).toMatchObject({ spoolPending: 0, dropped: 0 });
    expect(writer.stats().replayed).toBe(writer.stats().spooled);
  }, 60_000);
});
