import { main as adminCli } from '../src/cli/admin';
import { CommandError, listAdmins, resetAdminPassword } from '../src/cli/admin-commands';
import { runCli } from './support/run-cli';
import { AdminClient, startTestGateway, TestGateway } from './support/test-gateway';

const BOB_PASSWORD = 'bobs-first-passphrase';

describe('npm run admin (e2e)', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await startTestGateway();
  });

  afterAll(async () => {
    await t.close();
  });

  it('reset-password: a new generated password, the admin re-enabled, their sessions ended, an audit row', async () => {
    const root = await t.login();
    const bob = (await root.post('/api/admins', { username: 'bob', password: BOB_PASSWORD })).body as { id: string };
    const bobClient = await AdminClient.login(t.server, 'bob', BOB_PASSWORD);
    await t.dataSource.query('UPDATE admin_users SET disabled = true WHERE id = $1', [bob.id]);

    const password = await resetAdminPassword(t.database.url, 'bob');
    expect(password).toMatch(/^[A-Za-z0-9]{24}$/);
    expect((await bobClient.get('/api/auth/me')).status).toBe(401);
    await expect(AdminClient.login(t.server, 'bob', BOB_PASSWORD)).rejects.toThrow(/401/);
    const again = await AdminClient.login(t.server, 'bob', password);
    expect((await again.get('/api/auth/me')).body).toMatchObject({ username: 'bob' });
    const [row] = await t.dataSource.query("SELECT * FROM audit_log WHERE action = 'admin.reset_password'");
    expect(row).toMatchObject({ admin_id: null, target_id: bob.id });
    expect(JSON.stringify(row)).not.toContain(password);
    expect((await listAdmins(t.database.url)).map((a) => [a.username, a.disabled])).toEqual([
      ['admin', false],
      ['bob', false],
    ]);
  });

  it('reset-password refuses an unknown admin (exit 1) and a short password', async () => {
    await expect(resetAdminPassword(t.database.url, 'nobody')).rejects.toBeInstanceOf(CommandError);
    await expect(resetAdminPassword(t.database.url, 'admin', 'short')).rejects.toThrow(/12 to 128/);
    const run = await runCli(adminCli, ['reset-password', 'nobody'], { DATABASE_URL: t.database.url, DATA_DIR: t.dataDir });
    expect(run).toMatchObject({ code: 1, stderr: expect.stringContaining('no admin named "nobody"') });
  });

  it('prints the generated password once and lists the admins', async () => {
    const env = { DATABASE_URL: t.database.url, DATA_DIR: t.dataDir };
    const reset = await runCli(adminCli, ['reset-password', 'admin'], env);
    expect(reset.code).toBe(0);
    const password = /shown only this once\): (\S+)/.exec(reset.stdout)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9]{24}$/);
    await AdminClient.login(t.server, 'admin', password!);
    const list = await runCli(adminCli, ['list'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^admin\tenabled\t/m);
    expect((await runCli(adminCli, ['frobnicate'], env)).code).toBe(2);
  });
});
