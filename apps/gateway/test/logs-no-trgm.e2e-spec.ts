import type { Page, RequestLogItem } from '@switchyard/contracts';
import { testServerUrl, TestDatabase } from '@switchyard/testing';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { LogWriter, NewRequestLog } from '../src/logs/log-writer.service';
import { startTestGateway, TestGateway } from './support/test-gateway';

function entry(requestId: string, errorMessage: string | null): NewRequestLog {
  return {
    requestId,
    createdAt: new Date(),
    userId: null,
    model: 'gpt-4o',
    apiId: null,
    upstreamModel: null,
    endpoint: '/v1/chat/completions',
    statusCode: errorMessage ? 502 : 200,
    stream: false,
    latencyMs: 10,
    ttftMs: null,
    promptTokens: null,
    completionTokens: null,
    totalTokens: null,
    usageSource: null,
    costUsd: null,
    errorType: null,
    errorMessage,
    clientIp: null,
  };
}

async function asSuperuser<T>(database: string, work: (client: Client) => Promise<T>): Promise<T> {
  const url = new URL(testServerUrl());
  url.pathname = `/${database}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A managed server may refuse CREATE EXTENSION to the gateway's role. The migrations must still
 * succeed, without the trigram index, and `q` must still search (unindexed).
 */
describe('log search without pg_trgm (e2e)', () => {
  const suffix = `${process.pid}_${randomBytes(4).toString('hex')}`;
  const role = `switchyard_plain_${suffix}`;
  const password = randomBytes(12).toString('hex');
  const name = `switchyard_notrgm_${suffix}`;
  let t: TestGateway | undefined;

  beforeAll(async () => {
    // The database belongs to the superuser: the role may use the schema but not create extensions.
    await asSuperuser('postgres', async (c) => {
      await c.query(`CREATE ROLE "${role}" LOGIN PASSWORD '${password}'`);
      await c.query(`CREATE DATABASE "${name}"`);
      await c.query(`GRANT CONNECT, TEMPORARY ON DATABASE "${name}" TO "${role}"`);
    });
    await asSuperuser(name, (c) => c.query(`GRANT ALL ON SCHEMA public TO "${role}"`));
    const url = new URL(testServerUrl());
    url.username = role;
    url.password = password;
    url.pathname = `/${name}`;
    const database: TestDatabase = { url: url.toString(), name, drop: async () => undefined };
    t = await startTestGateway({}, { database, secretKey: randomBytes(32).toString('base64url') });
  });

  afterAll(async () => {
    await t?.close();
    await asSuperuser('postgres', async (c) => {
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.query(`DROP ROLE IF EXISTS "${role}"`);
    });
  });

  it('migrates without the extension and without the trigram index', async () => {
    const [state] = await t!.dataSource.query<Record<string, unknown>[]>(
      `SELECT current_user AS who,
              EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') AS trgm,
              EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'idx_request_logs_error_message_trgm') AS trgm_index,
              EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'idx_request_logs_created') AS created_index,
              to_regclass('request_log_bodies') IS NOT NULL AS bodies`,
    );
    expect(state).toEqual({ who: role, trgm: false, trgm_index: false, created_index: true, bodies: true });
  });

  it('still answers q, case-insensitively', async () => {
    const writer = t!.app.get(LogWriter);
    writer.enqueue(entry('hit', 'Upstream TIMEOUT after 30 s'));
    writer.enqueue(entry('miss', 'rate limited'));
    writer.enqueue(entry('none', null));
    await writer.flush();
    const admin = await t!.login();
    const res = await admin.get('/api/logs?q=timeout');
    expect(res.status).toBe(200);
    expect((res.body as Page<RequestLogItem>).items.map((i) => i.requestId)).toEqual(['hit']);
  });
});
