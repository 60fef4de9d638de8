import { createTestDatabase, FakeUpstream, TestDatabase } from '@switchyard/testing';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import OpenAI from 'openai';
import { CommandError } from '../src/cli/admin-commands';
import { main as rotateCli } from '../src/cli/rotate-secret';
import { rotateSecretKey } from '../src/cli/secret-rotation';
import { SecretBox } from '../src/core/secret-box';
import { runCli } from './support/run-cli';
import { startTestGateway, TestGateway } from './support/test-gateway';

const UPSTREAM_KEY = 'sk-cli-upstream-key-0123456789abcdef';

/*
 * Passport's session (de)serializers are process-global and the first registered wins, so only the first
 * gateway of this file signs an admin in; the later ones are only started and called on /v1.
 */
describe('npm run secret:rotate (e2e)', () => {
  const OLD_KEY = randomBytes(32).toString('base64url');
  const NEW_KEY = randomBytes(32).toString('base64url');
  let database: TestDatabase;
  let fake: FakeUpstream;
  let clientKey: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    fake = await FakeUpstream.start();
    const t = await startTestGateway({}, { database, secretKey: OLD_KEY });
    try {
      const admin = await t.login();
      const api = await admin.post('/api/apis', {
        name: 'up',
        provider: 'openai',
        baseUrl: `${fake.url}/v1`,
        apiKey: UPSTREAM_KEY,
        model: 'gpt-4o-mini',
        allowPrivateNetwork: true,
      });
      expect(api.status).toBe(201);
      expect((await admin.post('/api/aliases', { alias: 'chat', apiId: api.body.id })).status).toBe(201);
      clientKey = (await admin.post('/api/users', { name: 'app', allowedModels: ['chat'] })).body.apiKey;
    } finally {
      await t.close();
    }
  });

  afterAll(async () => {
    await fake.close();
    await database.drop();
  });

  const startWith = (secretKey: string): Promise<TestGateway> => startTestGateway({}, { database, secretKey });

  it('refuses when the current key is not the one the data was sealed with; nothing changes', async () => {
    await expect(rotateSecretKey(database.url, NEW_KEY, randomBytes(32).toString('base64url'))).rejects.toThrow(/does not decrypt/);
    await expect(rotateSecretKey(database.url, OLD_KEY, 'too-short')).rejects.toBeInstanceOf(CommandError);
  });

  it('re-encrypts every key: the old key no longer starts a gateway, the new one starts it and proxies', async () => {
    expect(await rotateSecretKey(database.url, OLD_KEY, NEW_KEY)).toBe(1);

    const t = await startWith(NEW_KEY);
    try {
      const [row] = await t.dataSource.query('SELECT api_key_encrypted FROM apis');
      expect(new SecretBox(NEW_KEY).decrypt(row.api_key_encrypted)).toBe(UPSTREAM_KEY);
      expect(() => new SecretBox(OLD_KEY).decrypt(row.api_key_encrypted)).toThrow();
      const client = new OpenAI({ baseURL: `${t.url}/v1`, apiKey: clientKey, maxRetries: 0 });
      const completion = await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] });
      expect(completion.choices[0].message.content).toEqual(expect.any(String));
      expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
      const [audit] = await t.dataSource.query("SELECT * FROM audit_log WHERE action = 'secret_key.rotate'");
      expect(JSON.stringify(audit)).not.toContain(NEW_KEY);
    } finally {
      await t.close();
    }
    // The routing snapshot decrypts at init, before bootstrap's own key check: either refusal will do.
    await expect(startWith(OLD_KEY)).rejects.toThrow(/SECRET_KEY does not match/);
  });

  it('from the command line: generates the new key into --new-key-file and updates the dev key file', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'switchyard-rotate-'));
    try {
      await fs.writeFile(path.join(dataDir, 'secret-key'), NEW_KEY + '\n');
      const keyFile = path.join(dataDir, 'next-key');
      const run = await runCli(rotateCli, ['--new-key-file', keyFile], { DATABASE_URL: database.url, DATA_DIR: dataDir, SECRET_KEY: '' });
      expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining('re-encrypted 1 upstream API key') });
      const generated = (await fs.readFile(keyFile, 'utf8')).trim();
      expect(generated).toHaveLength(43);
      expect((await fs.readFile(path.join(dataDir, 'secret-key'), 'utf8')).trim()).toBe(generated);
      expect(run.stdout).not.toContain(generated);
      const t = await startWith(generated);
      await t.close();
      expect((await runCli(rotateCli, [], { DATABASE_URL: database.url })).code).toBe(2);
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
