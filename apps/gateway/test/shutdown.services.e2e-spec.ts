import { createTestDatabase, FakeUpstream, TestDatabase } from '@switchyard/testing';
import { Client } from 'pg';
import { ExitStatus, GatewayProcess, processesMentioning } from './support/gateway-process';
import { chat, loginAt, SERVICES_ADMIN, SeededKey, seedKey } from './support/services-seed';

/** Clients calling `/v1` back to back until the gateway stops answering; what they got back. */
async function steadyLoad(url: string, key: SeededKey, workers: number, gatewayExited: Promise<void>) {
  const answered: { status: number; requestId: string | null; complete: boolean }[] = [];
  let refused = 0;
  let over = false;
  void gatewayExited.then(() => (over = true));
  const worker = async (n: number) => {
    for (let i = 0; !over; i++) {
      const stream = (n + i) % 3 === 0;
      try {
        const r = await chat(url, key, stream);
        answered.push({ status: r.status, requestId: r.requestId, complete: !stream || r.body.includes('data: [DONE]') });
      } catch {
        // The listener is closed: no answer, so no log row is owed either.
        refused++;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, n) => worker(n)));
  return { answered, refused };
}

async function logRows(databaseUrl: string): Promise<{ request_id: string; status_code: number }[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<{ request_id: string; status_code: number }>('SELECT request_id, status_code FROM request_logs')).rows;
  } finally {
    await client.end();
  }
}

/** The exit status, with the gateway's last output in the failure message when it is not a clean 0. */
async function expectCleanExit(gateway: GatewayProcess, exit: Promise<ExitStatus>): Promise<void> {
  const status = await exit;
  if (status.code !== 0) throw new Error(`exit ${JSON.stringify(status)}; output:\n${gateway.log.split('\n').slice(-40).join('\n')}`);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('SIGTERM under steady load (services)', () => {
  let database: TestDatabase;
  let fake: FakeUpstream;

  beforeAll(async () => {
    database = await createTestDatabase();
    fake = await FakeUpstream.start();
    // Every upstream call takes a while, so calls are always in flight when the signal comes.
    fake.setBehavior({ kind: 'slow', delayMs: 150 });
  });

  afterAll(async () => {
    await fake?.close();
    await database?.drop();
  });

  it('answers every accepted call, logs each 200 exactly once, writes JSON logs without secrets and exits 0', async () => {
    const gateway = await GatewayProcess.start({
      ...SERVICES_ADMIN,
      databaseUrl: database.url,
      // Access lines on, to show they carry the request id and nothing secret.
      env: { LOG_LEVEL: 'debug' },
      echo: false,
    });
    let exited: Promise<unknown> = Promise.resolve();
    try {
      const key = await seedKey(await loginAt(gateway.url), fake.url);
      const exit = gateway.waitForExit(40_000);
      exited = exit;
      const load = steadyLoad(
        gateway.url,
        key,
        8,
        exit.then(() => undefined),
      );
      await sleep(1_500);
      gateway.kill('SIGTERM');
      const { answered } = await load;
      await expectCleanExit(gateway, exit);

      const ok = answered.filter((r) => r.status === 200);
      expect(ok.length).toBeGreaterThan(20);
      // Nothing accepted was cut off: every answer is a complete 200 (streams end with [DONE]).
      expect(answered.filter((r) => r.status !== 200 || !r.complete)).toEqual([]);
      const rows = await logRows(database.url);
      expect(rows).toHaveLength(ok.length);
      expect(rows.map((r) => r.request_id).sort()).toEqual(ok.map((r) => r.requestId).sort());
      expect(rows.every((r) => r.status_code === 200)).toBe(true);

      // Production logs: one JSON object per line, the access lines carry our request ids, no key leaks.
      const lines = gateway.log.split('\n').filter((l) => l.trim() !== '');
      const parsed = lines.map((l) => JSON.parse(l) as { level: string; context?: string; requestId?: string; msg: string });
      expect(parsed.every((l) => typeof l.level === 'string' && typeof l.msg === 'string')).toBe(true);
      const accessIds = new Set(parsed.filter((l) => l.context === 'HTTP' && l.requestId).map((l) => l.requestId));
      expect(ok.some((r) => accessIds.has(r.requestId!))).toBe(true);
      expect(parsed.some((l) => /SIGTERM received/.test(l.msg))).toBe(true);
      expect(gateway.log).not.toContain(key.apiKey);
      expect(gateway.log).not.toContain('sk-upstream-0123456789');
    } finally {
      if (!gateway.exitStatus) gateway.kill('SIGKILL');
      await exited.catch(() => undefined);
      await gateway.stop().catch(() => undefined);
    }
  });

  it('with its embedded PostgreSQL, exits 0 under load and leaves no postgres process behind', async () => {
    const gateway = await GatewayProcess.start({ ...SERVICES_ADMIN, echo: false });
    const key = await seedKey(await loginAt(gateway.url), fake.url);
    const exit = gateway.waitForExit(40_000);
    const load = steadyLoad(
      gateway.url,
      key,
      4,
      exit.then(() => undefined),
    );
    await sleep(1_000);
    expect((await processesMentioning(gateway.dataDir)).length).toBeGreaterThan(0); // its postgres runs
    gateway.kill('SIGTERM');
    const { answered } = await load;
    await expectCleanExit(gateway, exit);
    expect(answered.filter((r) => r.status !== 200 || !r.complete)).toEqual([]);
    // stop() checks that no process of the DATA_DIR (the embedded postgres) outlived the gateway.
    await expect(gateway.stop()).resolves.toEqual({ code: 0, signal: null });
  }, 180_000);
});
