import { FakeUpstream } from '@switchyard/testing';
import OpenAI from 'openai';
import { LogWriter } from '../../src/logs/log-writer.service';
import { LogRow } from './proxy-fixture';
import { AdminClient, startTestGateway, TestGateway } from './test-gateway';
import { ExampleProviderModule } from './example-provider.module';

/** A gateway with the example provider module loaded, a fake upstream, and helpers to route aliases to it. */
export interface ProviderGateway {
  t: TestGateway;
  fake: FakeUpstream;
  admin: AdminClient;
  /** Creates an API and an alias of the same name routed to it; returns the API's id. */
  route(alias: string, api: Record<string, unknown>): Promise<string>;
  /** An openai SDK client whose key may call every alias created so far. */
  client(): Promise<OpenAI>;
  logRows(): Promise<LogRow[]>;
  close(): Promise<void>;
}

export async function startProviderGateway(): Promise<ProviderGateway> {
  const fake = await FakeUpstream.start();
  const t = await startTestGateway({}, undefined, [ExampleProviderModule]);
  const admin = await t.login();
  const aliases: string[] = [];
  return {
    t,
    fake,
    admin,
    route: async (alias, api) => {
      const created = await admin.post('/api/apis', { name: alias, apiKey: 'upstream-key-0123456789', allowPrivateNetwork: true, ...api });
      if (created.status !== 201) throw new Error(`creating the API failed: ${created.status} ${JSON.stringify(created.body)}`);
      const res = await admin.post('/api/aliases', { alias, apiId: created.body.id });
      if (res.status !== 201) throw new Error(`creating the alias failed: ${res.status} ${JSON.stringify(res.body)}`);
      aliases.push(alias);
      return created.body.id as string;
    },
    client: async () => {
      const user = await admin.post('/api/users', { name: `app-${aliases.length}-${Date.now()}`, allowedModels: [...aliases] });
      if (user.status !== 201) throw new Error(`creating the user failed: ${user.status} ${JSON.stringify(user.body)}`);
      return new OpenAI({ baseURL: `${t.url}/v1`, apiKey: user.body.apiKey, maxRetries: 0, timeout: 20_000 });
    },
    logRows: async () => {
      await t.app.get(LogWriter).flush();
      return t.dataSource.query<LogRow[]>('SELECT * FROM request_logs ORDER BY id');
    },
    close: async () => {
      await t.close();
      await fake.close();
    },
  };
}
