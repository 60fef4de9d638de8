import { FakeUpstream } from '@switchyard/testing';
import OpenAI from 'openai';
import { LogWriter } from '../../src/logs/log-writer.service';
import { AdminClient, startTestGateway, TestGateway } from './test-gateway';

export const UPSTREAM_KEY = 'sk-upstream-secret-0123456789';

export interface LogRow {
  request_id: string;
  user_id: string | null;
  model: string | null;
  api_id: string | null;
  upstream_model: string | null;
  endpoint: string;
  status_code: number;
  stream: boolean;
  latency_ms: number;
  ttft_ms: number | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  total_tokens: number | null;
  usage_source: string | null;
  cost_usd: string | null;
  error_type: string | null;
  error_message: string | null;
  client_ip: string | null;
}

/** A gateway with one fake upstream API behind alias `chat`, and a user allowed to call it. */
export interface ProxyFixture {
  t: TestGateway;
  fake: FakeUpstream;
  admin: AdminClient;
  apiId: string;
  userId: string;
  apiKey: string;
  client: OpenAI;
  /** A client for another key. */
  clientFor(key: string): OpenAI;
  /** Writes queued log rows and returns the row of a request id (or all rows). */
  logRow(requestId: string): Promise<LogRow>;
  logRows(): Promise<LogRow[]>;
  close(): Promise<void>;
}

export async function startProxyFixture(apiOverrides: Record<string, unknown> = {}): Promise<ProxyFixture> {
  const fake = await FakeUpstream.start();
  const t = await startTestGateway();
  const admin = await t.login();
  const api = await admin.post('/api/apis', {
    name: 'fake-openai',
    provider: 'openai',
    baseUrl: `${fake.url}/v1`,
    apiKey: UPSTREAM_KEY,
    model: 'gpt-4o-mini',
    inputPricePerMTok: 1,
    outputPricePerMTok: 2,
    extraHeaders: { 'x-team': 'blue' },
    // The fake upstream listens on 127.0.0.1, which the SSRF guard refuses without this.
    allowPrivateNetwork: true,
    ...apiOverrides,
  });
  if (api.status !== 201) throw new Error(`creating the API failed: ${api.status} ${JSON.stringify(api.body)}`);
  const alias = await admin.post('/api/aliases', { alias: 'chat', apiId: api.body.id });
  if (alias.status !== 201) throw new Error(`creating the alias failed: ${alias.status} ${JSON.stringify(alias.body)}`);
  const user = await admin.post('/api/users', { name: 'app', allowedModels: ['chat'] });
  if (user.status !== 201) throw new Error(`creating the user failed: ${user.status} ${JSON.stringify(user.body)}`);
  const clientFor = (key: string) => new OpenAI({ baseURL: `${t.url}/v1`, apiKey: key, maxRetries: 0, timeout: 20_000 });
  const logRows = async () => {
    await t.app.get(LogWriter).flush();
    return t.dataSource.query<LogRow[]>('SELECT * FROM request_logs ORDER BY id');
  };
  return {
    t,
    fake,
    admin,
    apiId: api.body.id,
    userId: user.body.id,
    apiKey: user.body.apiKey,
    client: clientFor(user.body.apiKey),
    clientFor,
    logRows,
    logRow: async (requestId: string) => {
      const row = (await logRows()).find((r) => r.request_id === requestId);
      if (!row) throw new Error(`no log row for ${requestId}`);
      return row;
    },
    close: async () => {
      await t.close();
      await fake.close();
    },
  };
}

/** Polls until `check` passes (log rows are written asynchronously). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** OpenAI's error body, as `/v1` answers it. */
export interface OpenAiErrorJson {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** Reads a fetch response's JSON as an OpenAI error body. */
export async function errorJson(res: Response): Promise<OpenAiErrorJson> {
  return (await res.json()) as OpenAiErrorJson;
}
