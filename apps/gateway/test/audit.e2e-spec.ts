import type { AuditEntry, AuditPage } from '@switchyard/contracts';
import { FakeUpstream } from '@switchyard/testing';
import request from 'supertest';
import { ADMIN_PASSWORD, AdminClient, startTestGateway, TestGateway } from './support/test-gateway';

const UPSTREAM_KEY = 'sk-audit-upstream-key-5f1e2d3c4b5a';
const ROTATED_UPSTREAM_KEY = 'sk-audit-rotated-key-9a8b7c6d5e4f';
const HEADER_SECRET = 'header-secret-value-7788';
const ADMIN_SECRET = 'bobs-audit-passphrase-1';
const ADMIN_SECRET_2 = 'bobs-second-passphrase-2';
const WRONG_PASSWORD = 'wrong-password-never-stored';

describe('/api/audit (e2e)', () => {
  let t: TestGateway;
  let fake: FakeUpstream;
  let admin: AdminClient;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    t = await startTestGateway();
  });

  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  beforeEach(async () => {
    await t.truncate('model_alias_targets', 'model_aliases', 'apis', 'api_users', 'admin_sessions', 'audit_log');
    await t.dataSource.query(`DELETE FROM admin_users WHERE username <> 'admin'`);
    admin = await t.login();
  });

  async function allEntries(): Promise<AuditEntry[]> {
    const items: AuditEntry[] = [];
    let cursor: string | null = null;
    do {
      const res = await admin.get(`/api/audit?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      const page = res.body as AuditPage;
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  it('records every kind of mutation, newest first, with the acting admin and no secret anywhere', async () => {
    const api = await admin.post('/api/apis', {
      name: 'up',
      provider: 'openai',
      baseUrl: `${fake.url}/v1`,
      apiKey: UPSTREAM_KEY,
      model: 'gpt-4o-mini',
      extraHeaders: { 'x-secret': HEADER_SECRET },
      allowPrivateNetwork: true,
    });
    expect(api.status).toBe(201);
    expect((await admin.patch(`/api/apis/${api.body.id}`, { apiKey: ROTATED_UPSTREAM_KEY, timeoutMs: 1000 })).status).toBe(200);
    const alias = await admin.post('/api/aliases', { alias: 'chat', apiId: api.body.id });
    expect(alias.status).toBe(201);
    expect((await admin.patch(`/api/aliases/${alias.body.id}`, { description: 'main' })).status).toBe(200);
    const user = await admin.post('/api/users', { name: 'app', allowedModels: ['chat'] });
    expect(user.status).toBe(201);
    const rotated = await admin.post(`/api/users/${user.body.id}/rotate-key`);
    expect(rotated.status).toBe(200);
    expect((await admin.patch(`/api/users/${user.body.id}`, { rateLimitRpm: 10 })).status).toBe(200);
    expect((await admin.put('/api/config/logRetentionDays', { value: 7 })).status).toBe(200);
    const bob = await admin.post('/api/admins', { username: 'bob', password: ADMIN_SECRET });
    expect(bob.status).toBe(201);
    expect((await admin.put(`/api/admins/${bob.body.id}/password`, { password: ADMIN_SECRET_2 })).status).toBe(204);
    expect((await admin.patch(`/api/admins/${bob.body.id}`, { disabled: true })).status).toBe(200);
    expect((await admin.patch(`/api/admins/${bob.body.id}`, { disabled: false })).status).toBe(200);
    expect((await request(t.server).post('/api/auth/login').send({ username: 'bob', password: WRONG_PASSWORD })).status).toBe(401);
    await AdminClient.login(t.server, 'bob', ADMIN_SECRET_2);
    expect((await admin.delete(`/api/admins/${bob.body.id}`)).status).toBe(204);
    expect((await admin.delete(`/api/users/${user.body.id}`)).status).toBe(204);
    expect((await admin.delete(`/api/aliases/${alias.body.id}`)).status).toBe(204);
    expect((await admin.delete(`/api/apis/${api.body.id}`)).status).toBe(204);

    const entries = await allEntries();
    expect(entries.map((e) => e.action).reverse()).toEqual([
      'auth.login',
      'api.create',
      'api.update',
      'alias.create',
      'alias.update',
      'user.create',
      'user.rotate_key',
      'user.update',
      'config.update',
      'admin.create',
      'admin.change_password',
      'admin.disable',
      'admin.enable',
      'auth.login_failed',
      'auth.login',
      'admin.delete',
      'user.delete',
      'alias.delete',
      'api.delete',
    ]);
    const byAction = (action: string) => entries.find((e) => e.action === action)!;
    expect(byAction('api.update')).toMatchObject({
      adminUsername: 'admin',
      adminId: expect.any(String),
      targetType: 'api',
      targetId: api.body.id,
      before: { timeoutMs: 300000, apiKeyHint: '…4b5a', extraHeaders: { 'x-secret': '[masked]' } },
      after: { timeoutMs: 1000, apiKeyHint: '…5e4f' },
    });
    expect(byAction('config.update')).toMatchObject({ targetType: 'setting', targetId: 'logRetentionDays', after: { value: 7 } });
    expect(byAction('admin.disable')).toMatchObject({
      before: { username: 'bob', disabled: false },
      after: { username: 'bob', disabled: true },
    });
    expect(byAction('auth.login_failed')).toMatchObject({ adminId: null, adminUsername: 'bob', after: { username: 'bob' } });
    expect(byAction('user.rotate_key')).toMatchObject({
      before: { keyPrefix: user.body.keyPrefix },
      after: { keyPrefix: rotated.body.keyPrefix },
    });

    const secrets = [UPSTREAM_KEY, ROTATED_UPSTREAM_KEY, HEADER_SECRET, ADMIN_SECRET, ADMIN_SECRET_2, WRONG_PASSWORD, ADMIN_PASSWORD];
    secrets.push(user.body.apiKey, rotated.body.apiKey);
    const stored = JSON.stringify(await t.dataSource.query('SELECT * FROM audit_log'));
    const served = JSON.stringify(entries);
    for (const secret of secrets) {
      expect(stored).not.toContain(secret);
      expect(served).not.toContain(secret);
    }
    const ciphertexts: { api_key_encrypted: string }[] = await t.dataSource.query('SELECT api_key_encrypted FROM apis');
    for (const row of ciphertexts) expect(stored).not.toContain(row.api_key_encrypted);
    expect(stored).not.toMatch(/scrypt\$|keyHash|key_hash|apiKeyEncrypted/);
  });

  it('pages by cursor without gaps or repeats, and validates its query (400)', async () => {
    for (let i = 0; i < 7; i++) expect((await admin.put('/api/config/logRetentionDays', { value: i + 1 })).status).toBe(200);
    const entries = await allEntries();
    expect(entries).toHaveLength(8);
    expect(new Set(entries.map((e) => e.id)).size).toBe(8);
    expect(entries.slice(0, 7).map((e) => (e.after as { value: number }).value)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect((await admin.get('/api/audit?limit=0')).status).toBe(400);
    expect((await admin.get('/api/audit?cursor=nope!')).status).toBe(400);
    expect((await request(t.server).get('/api/audit')).status).toBe(401);
  });
});
