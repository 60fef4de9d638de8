import type { AdminAccount } from '@switchyard/contracts';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AdminsService } from '../src/admins/admins.service';
import { ADMIN_USERNAME, AdminClient, startTestGateway, TestGateway } from './support/test-gateway';

const PASSWORD = 'second-admin-passphrase';
const NEW_PASSWORD = 'a-brand-new-passphrase';

describe('/api/admins (e2e)', () => {
  let t: TestGateway;
  let root: AdminClient;
  let rootId: string;

  beforeAll(async () => {
    t = await startTestGateway();
  });

  afterAll(async () => {
    await t.close();
  });

  beforeEach(async () => {
    await t.dataSource.query(`DELETE FROM admin_users WHERE username <> $1`, [ADMIN_USERNAME]);
    await t.dataSource.query(`UPDATE admin_users SET disabled = false, disabled_at = NULL`);
    await t.truncate('admin_sessions', 'audit_log');
    root = await t.login();
    rootId = ((await root.get('/api/auth/me')).body as { id: string }).id;
  });

  async function createAdmin(username = 'bob', password = PASSWORD): Promise<AdminAccount> {
    const res = await root.post('/api/admins', { username, password });
    expect(res.status).toBe(201);
    return res.body as AdminAccount;
  }

  const sessionsOf = async (id: string) =>
    Number((await t.dataSource.query(`SELECT count(*) AS n FROM admin_sessions WHERE sess->'passport'->>'user' = $1`, [id]))[0].n);

  it('lists admins without any password material', async () => {
    await createAdmin();
    const res = await root.get('/api/admins');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { id: rootId, username: 'admin', disabled: false, lastLoginAt: expect.any(String), createdAt: expect.any(String) },
      { id: expect.any(String), username: 'bob', disabled: false, lastLoginAt: null, createdAt: expect.any(String) },
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/scrypt|password/i);
  });

  it('creates an admin who can sign in (201), and refuses a taken username (409)', async () => {
    const bob = await createAdmin();
    expect(bob).toMatchObject({ username: 'bob', disabled: false });
    await AdminClient.login(t.server, 'bob', PASSWORD);
    expect((await root.post('/api/admins', { username: 'bob', password: PASSWORD })).status).toBe(409);
  });

  it.each([
    [{ username: 'bob', password: 'short' }, 'password'],
    [{ username: 'bob', password: 'x'.repeat(129) }, 'password'],
    [{ username: 'bad name!', password: PASSWORD }, 'username'],
    [{ password: PASSWORD }, 'username'],
    [{ username: 'bob', password: PASSWORD, role: 'root' }, 'role'],
  ])('answers 400 for %j', async (body, field) => {
    const res = await root.post('/api/admins', body);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
  });

  it('needs a session (401) and a CSRF token (403)', async () => {
    expect((await request(t.server).get('/api/admins')).status).toBe(401);
    const noToken = await root.agent.post('/api/admins').send({ username: 'eve', password: PASSWORD });
    expect(noToken.status).toBe(403);
    expect((await root.agent.delete(`/api/admins/${rootId}`)).status).toBe(403);
  });

  it('answers 404 for an unknown admin and 400 for a malformed id', async () => {
    const id = randomUUID();
    expect((await root.put(`/api/admins/${id}/password`, { password: NEW_PASSWORD })).status).toBe(404);
    expect((await root.patch(`/api/admins/${id}`, { disabled: true })).status).toBe(404);
    expect((await root.delete(`/api/admins/${id}`)).status).toBe(404);
    expect((await root.delete('/api/admins/not-a-uuid')).status).toBe(400);
    expect((await root.patch(`/api/admins/${id}`, { disabled: 'yes' })).status).toBe(400);
  });

  it('disabling ends the admin’s sessions: the old cookie gets 401, and sign-in is refused until re-enabled', async () => {
    const bob = await createAdmin();
    const bobClient = await AdminClient.login(t.server, 'bob', PASSWORD);
    expect((await bobClient.get('/api/auth/me')).status).toBe(200);

    const res = await root.patch(`/api/admins/${bob.id}`, { disabled: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: bob.id, disabled: true });
    expect(await sessionsOf(bob.id)).toBe(0);
    expect((await bobClient.get('/api/auth/me')).status).toBe(401);
    await expect(AdminClient.login(t.server, 'bob', PASSWORD)).rejects.toThrow(/401/);

    expect((await root.patch(`/api/admins/${bob.id}`, { disabled: false })).body).toMatchObject({ disabled: false });
    await AdminClient.login(t.server, 'bob', PASSWORD);
  });

  it('a password change ends that admin’s sessions; the old password stops working', async () => {
    const bob = await createAdmin();
    const bobClient = await AdminClient.login(t.server, 'bob', PASSWORD);
    expect((await root.put(`/api/admins/${bob.id}/password`, { password: NEW_PASSWORD })).status).toBe(204);
    expect((await bobClient.get('/api/auth/me')).status).toBe(401);
    await expect(AdminClient.login(t.server, 'bob', PASSWORD)).rejects.toThrow(/401/);
    await AdminClient.login(t.server, 'bob', NEW_PASSWORD);
  });

  it('changing your own password keeps this session and ends your others', async () => {
    const elsewhere = await t.login();
    expect((await root.put(`/api/admins/${rootId}/password`, { password: NEW_PASSWORD })).status).toBe(204);
    expect((await root.get('/api/auth/me')).status).toBe(200);
    expect((await elsewhere.get('/api/auth/me')).status).toBe(401);
    // Put the shared test password back for the other tests.
    expect((await root.put(`/api/admins/${rootId}/password`, { password: 'correct-horse-battery-staple' })).status).toBe(204);
  });

  it('refuses to disable or delete yourself (409)', async () => {
    expect((await root.patch(`/api/admins/${rootId}`, { disabled: true })).status).toBe(409);
    expect((await root.delete(`/api/admins/${rootId}`)).status).toBe(409);
    expect((await root.get('/api/auth/me')).status).toBe(200);
  });

  it('deletes another admin (204), ending their sessions', async () => {
    const bob = await createAdmin();
    const bobClient = await AdminClient.login(t.server, 'bob', PASSWORD);
    expect((await root.delete(`/api/admins/${bob.id}`)).status).toBe(204);
    expect((await bobClient.get('/api/auth/me')).status).toBe(401);
    expect(((await root.get('/api/admins')).body as AdminAccount[]).map((a) => a.username)).toEqual(['admin']);
  });

  it('never disables or deletes the last enabled admin (409), e.g. when two admins remove each other', async () => {
    const bob = await createAdmin();
    await t.dataSource.query('UPDATE admin_users SET disabled = true WHERE id = $1', [bob.id]);
    // Without an actor there is no "self": only the last-admin rule can refuse.
    const service = t.app.get(AdminsService);
    await expect(service.setDisabled(rootId, true, null)).rejects.toMatchObject({ status: 409 });
    await expect(service.remove(rootId, null)).rejects.toMatchObject({ status: 409 });
    await service.remove(bob.id, null);
  });
});
