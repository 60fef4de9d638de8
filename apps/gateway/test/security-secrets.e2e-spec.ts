import { Logger } from '@nestjs/common';
import request from 'supertest';
import { LogWriter } from '../src/logs/log-writer.service';
import { ProxyFixture, startProxyFixture } from './support/proxy-fixture';
import { ADMIN_PASSWORD, ADMIN_USERNAME, cookieValue } from './support/test-gateway';

const UPSTREAM_KEY = 'sk-upstream-LEAKCANARY-7f3a9c1e5b';
const WRONG_PASSWORD = 'wrong-pass-LEAKCANARY-41d2';

/**
 * Runs a scenario touching every surface (proxy calls incl. errors, failed logins, exports, every
 * admin GET) while recording everything the gateway writes, then looks for each secret everywhere.
 */
describe('security: secrets never leak (e2e)', () => {
  let f: ProxyFixture;
  const output: string[] = [];
  /** Records (and swallows) what would be printed. */
  const record = (chunk: unknown): boolean => {
    output.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };

  beforeAll(async () => {
    jest.spyOn(process.stdout, 'write').mockImplementation(record);
    jest.spyOn(process.stderr, 'write').mockImplementation(record);
    for (const level of ['log', 'warn', 'error', 'info', 'debug'] as const) {
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => void output.push(args.map(String).join(' ')));
    }
    f = await startProxyFixture({ apiKey: UPSTREAM_KEY });
    // Every level from here on, as a gateway run with LOG_LEVEL=verbose would print.
    Logger.overrideLogger(['error', 'warn', 'log', 'debug', 'verbose']);
  });

  afterAll(async () => {
    Logger.overrideLogger(['error']);
    jest.restoreAllMocks();
    await f?.close();
  });

  it('keeps the upstream key, client key, SECRET_KEY, admin passwords and session id out of output, rows, exports and responses', async () => {
    const agent = request.agent(f.t.server);
    const login = await agent.post('/api/auth/login').send({ username: ADMIN_USERNAME, password: ADMIN_PASSWORD });
    expect(login.status).toBe(200);
    const sessionId = cookieValue(login, 'switchyard.sid')!.slice(2).split('.')[0];
    const xsrf = cookieValue(login, 'XSRF-TOKEN')!;
    expect((await agent.put('/api/config/logRequestBodies').set('X-XSRF-TOKEN', xsrf).send({ value: true })).status).toBe(200);

    // Failed logins (a distinctive wrong password), known and unknown user.
    for (const username of [ADMIN_USERNAME, 'nobody']) {
      expect((await request(f.t.server).post('/api/auth/login').send({ username, password: WRONG_PASSWORD })).status).toBe(401);
    }
    // Proxy calls: success, stream, unknown model, wrong key, upstream failure.
    await f.client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hello' }] });
    const stream = await f.client.chat.completions.create({ model: 'chat', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    for await (const chunk of stream) void chunk;
    await f.client.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'x' }] }).catch(() => undefined);
    await f
      .clientFor(`${f.apiKey}-tampered`)
      .models.list()
      .catch(() => undefined);
    f.fake.setBehavior({ kind: 'error', status: 500 }, { times: 1 });
    await f.client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'boom' }] }).catch(() => undefined);
    await agent.post(`/api/apis/${f.apiId}/test`).set('X-XSRF-TOKEN', xsrf);
    await f.t.app.get(LogWriter).flush();

    const responses: string[] = [];
    const logs = await agent.get('/api/logs');
    const aliases = await agent.get('/api/aliases');
    const paths = [
      '/api/auth/me',
      '/api/apis',
      `/api/apis/${f.apiId}`,
      '/api/aliases',
      `/api/aliases/${aliases.body[0].id}`,
      '/api/users',
      `/api/users/${f.userId}`,
      '/api/config',
      '/api/config/schema',
      '/api/logs',
      ...(logs.body.items as { id: string }[]).map((l) => `/api/logs/${l.id}`),
      '/api/logs/export?format=csv',
      '/api/logs/export?format=jsonl',
      '/api/stats',
      '/health',
      '/health/ready',
    ];
    for (const path of paths) {
      const res = await agent.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      const { 'set-cookie': _cookies, ...headers } = res.headers;
      responses.push(`${path} ${JSON.stringify(headers)} ${res.text}`);
    }
    expect(responses.find((r) => r.startsWith('/api/logs/export?format=jsonl'))).toContain('"statusCode":500');

    const rows = [
      ...(await f.t.dataSource.query<{ row: string }[]>('SELECT row_to_json(r)::text AS row FROM request_logs r')),
      ...(await f.t.dataSource.query<{ row: string }[]>('SELECT row_to_json(b)::text AS row FROM request_log_bodies b')),
    ].map((r) => r.row);
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(rows.join('\n')).toContain('hello'); // bodies were stored: the search below is not vacuous

    const secrets = {
      upstreamKey: UPSTREAM_KEY,
      clientKey: f.apiKey,
      secretKey: f.t.gateway.env.secretKey!,
      adminPassword: ADMIN_PASSWORD,
      wrongPassword: WRONG_PASSWORD,
      sessionId,
    };
    const places = { serverOutput: output.join(''), rows: rows.join('\n'), responses: responses.join('\n') };
    const hits = Object.entries(secrets).flatMap(([secret, value]) =>
      Object.entries(places)
        .filter(([, text]) => text.includes(value))
        .map(([place]) => `${secret} in ${place}`),
    );
    expect(hits).toEqual([]);
    expect(output.join('')).toContain('setting logRequestBodies changed'); // the recorder did hear the gateway
  });
});
