import type { ConfigResponse } from '@switchyard/contracts';
import { readFile } from 'node:fs/promises';
import { ADMIN_PASSWORD, ADMIN_USERNAME, useE2eSession } from './support/e2e-session';
import {
  byTestId,
  chooseOption,
  eventually,
  expectHeading,
  expectSnackbar,
  fillFields,
  fillInput,
  parseCsv,
  submitLogin,
  waitForDialogOpen,
} from './support/ui';

const API_NAME = 'Fake OpenAI';
const UPSTREAM_MODEL = 'gpt-4o-mini';
const UPSTREAM_KEY = 'sk-upstream-e2e-0123456789';
const ALIAS = 'e2e-chat';
const USER_NAME = 'E2E Tester';
const PROMPT = 'hello from the browser tests';

interface ChatCompletion {
  model: string;
  choices: { message: { role: string; content: string } }[];
  usage?: { total_tokens: number };
}

// One operator's first session, step by step: each test builds on the one before, as a person would.
describe('admin app: an operator sets up the gateway and sees it work', () => {
  const e2e = useE2eSession();
  /** The key shown once in the key dialog, read off the screen. */
  let userKey = '';

  /** Follows a sidenav link. A dialog left open by a failed step is cleared first, so one failure stays one. */
  const goTo = async (link: string, heading: string) => {
    if ((await e2e.page.locator('mat-dialog-container').count()) > 0) await e2e.page.reload();
    await e2e.page.getByRole('link', { name: link }).click();
    await expectHeading(e2e.page, heading);
  };

  it('signs in and sees the empty dashboard', async () => {
    const { page } = e2e;
    await page.goto(e2e.url('/'));
    await page.waitForURL((url) => url.pathname === '/login');
    await submitLogin(page, ADMIN_USERNAME, ADMIN_PASSWORD);

    await page.waitForURL((url) => url.pathname === '/dashboard');
    await expectHeading(page, 'Dashboard');
    await byTestId(page, 'dashboard-empty').waitFor();
    await e2e.screenshot('dashboard-empty');
  });

  it('adds an upstream API pointing at the fake upstream, and "Test connection" succeeds', async () => {
    const { page } = e2e;
    await goTo('Upstream APIs', 'Upstream APIs');
    await byTestId(page, 'apis-empty').waitFor();
    await e2e.screenshot('apis-empty');

    await byTestId(page, 'add-api').click();
    const dialog = byTestId(page, 'api-form-dialog');
    await waitForDialogOpen(dialog);
    await fillFields(dialog, { name: API_NAME, baseUrl: `${e2e.fake.url}/v1`, model: UPSTREAM_MODEL, apiKey: UPSTREAM_KEY });
    // The fake listens on 127.0.0.1, which the SSRF guard refuses unless the operator allows it.
    await dialog.getByRole('checkbox', { name: 'Allow private network addresses' }).check();
    await e2e.screenshot('api-form-dialog');
    await byTestId(dialog, 'save-api').click();

    await expectSnackbar(page, `API “${API_NAME}” added`);
    await dialog.waitFor({ state: 'detached' });
    const row = byTestId(page, 'api-row').filter({ hasText: API_NAME });
    await row.waitFor();
    const rowText = await row.innerText();
    expect(rowText).toContain(`${e2e.fake.url}/v1`);
    expect(rowText).toContain(UPSTREAM_MODEL);
    expect(rowText).not.toContain(UPSTREAM_KEY); // only a hint of the key is ever shown
    await e2e.screenshot('apis');

    await byTestId(row, 'test-connection').click();
    const test = byTestId(page, 'api-test-dialog');
    await byTestId(test, 'api-test-outcome').filter({ hasText: 'Connection OK' }).waitFor();
    expect((await byTestId(test, 'api-test-status').innerText()).trim()).toBe('200');
    expect((await byTestId(test, 'api-test-model-found').innerText()).trim()).toBe('found');
    await e2e.screenshot('api-test-connection');
    await byTestId(test, 'close').click();
    await test.waitFor({ state: 'detached' });
    // The test lists models with the stored key: the fake saw it.
    expect(e2e.fake.requests.some((r) => r.path === '/v1/models' && r.headers.authorization === `Bearer ${UPSTREAM_KEY}`)).toBe(true);
  });

  it('adds a model alias that routes to that API', async () => {
    const { page } = e2e;
    await goTo('Model aliases', 'Model aliases');
    await byTestId(page, 'aliases-empty').waitFor();

    await byTestId(page, 'add-alias').click();
    const dialog = byTestId(page, 'alias-form-dialog');
    await waitForDialogOpen(dialog);
    await fillInput(dialog.locator('input[formcontrolname="alias"]'), ALIAS);
    const target = byTestId(dialog, 'target-row');
    expect(await target.count()).toBe(1);
    await chooseOption(page, target.locator('mat-select[formcontrolname="apiId"]'), `${API_NAME} · ${UPSTREAM_MODEL}`);
    await e2e.screenshot('alias-form-dialog');
    await byTestId(dialog, 'save-alias').click();

    await expectSnackbar(page, `Alias “${ALIAS}” added`);
    await dialog.waitFor({ state: 'detached' });
    const row = byTestId(page, 'alias-row').filter({ hasText: ALIAS });
    await byTestId(row, 'target-chip').filter({ hasText: API_NAME }).waitFor();
    await e2e.screenshot('aliases');
  });

  it('creates a user allowed that alias and reads the key from the one-time dialog', async () => {
    const { page } = e2e;
    await goTo('Users & keys', 'Users & keys');
    await byTestId(page, 'users-empty').waitFor();

    await byTestId(page, 'add-user').click();
    const dialog = byTestId(page, 'user-form-dialog');
    await waitForDialogOpen(dialog);
    await fillInput(dialog.locator('input[formcontrolname="name"]'), USER_NAME);
    await chooseOption(page, dialog.locator('mat-select[formcontrolname="allowedModels"]'), ALIAS);
    await page.keyboard.press('Escape'); // closes the multi-select panel, not the dialog
    await page.getByRole('listbox').waitFor({ state: 'detached' });
    await e2e.screenshot('user-form-dialog');
    await byTestId(dialog, 'save-user').click();

    const keyDialog = byTestId(page, 'key-once-dialog');
    await keyDialog.waitFor();
    await keyDialog.getByText('will not be shown again').waitFor();
    userKey = (await byTestId(keyDialog, 'api-key-value').innerText()).trim();
    expect(userKey).toMatch(/^sk-[0-9A-Za-z]{48}$/);
    await e2e.screenshot('key-once-dialog');
    await byTestId(keyDialog, 'copy-key').click();
    await byTestId(keyDialog, 'copy-key').filter({ hasText: 'Copied' }).waitFor();
    await byTestId(keyDialog, 'key-copied-close').click();
    await keyDialog.waitFor({ state: 'detached' });

    const row = byTestId(page, 'user-row').filter({ hasText: USER_NAME });
    await row.waitFor();
    const rowText = await row.innerText();
    expect(rowText).toContain(userKey.slice(0, 11)); // the display prefix, never the whole key
    expect(rowText).not.toContain(userKey);
    expect(rowText).toContain(ALIAS);
    await e2e.screenshot('users');
  });

  it('answers a proxied call made with that key, through the alias, from the fake upstream', async () => {
    const res = await fetch(e2e.url('/v1/chat/completions'), {
      method: 'POST',
      headers: { authorization: `Bearer ${userKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: ALIAS, messages: [{ role: 'user', content: PROMPT }] }),
      signal: AbortSignal.timeout(10_000),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as ChatCompletion;
    expect(body.choices[0].message).toMatchObject({ role: 'assistant', content: `Echo: ${PROMPT}` });

    const upstream = e2e.fake.requests.filter((r) => r.path === '/v1/chat/completions');
    expect(upstream).toHaveLength(1);
    expect(upstream[0].body.model).toBe(UPSTREAM_MODEL);
    expect(upstream[0].headers.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
  });

  it('shows the call on the logs page, with its details', async () => {
    const { page } = e2e;
    await goTo('Request logs', 'Request logs');
    // The log writer batches rows every few hundred ms: reload until the row is there.
    const row = byTestId(page, 'log-row').filter({ hasText: ALIAS });
    await eventually(async () => {
      if ((await row.count()) === 0) {
        await page.reload();
        await expectHeading(page, 'Request logs');
      }
      await row.waitFor({ timeout: 2_000 });
    });
    expect(await byTestId(page, 'log-row').count()).toBe(1);
    // User names come from a second request: the row shows the id until it answers.
    await row.filter({ hasText: USER_NAME }).waitFor();
    expect(await row.locator('sy-status-chip').innerText()).toBe('200');
    await e2e.screenshot('logs');

    await row.click();
    const detail = byTestId(page, 'log-detail');
    await detail.getByText('Request ID').waitFor();
    const detailText = await detail.innerText();
    expect(detailText).toContain(USER_NAME);
    expect(detailText).toContain(ALIAS);
    expect(detailText).toContain(UPSTREAM_MODEL);
    expect(detailText).toMatch(/Endpoint\s+chat\/completions/);
    // logRequestBodies is off by default, and the panel says so rather than showing nothing.
    expect(detailText).toContain('Not stored (body logging was off for this request).');
    await e2e.screenshot('log-detail');
    await byTestId(page, 'log-detail-close').click();
    await detail.waitFor({ state: 'detached' });
  });

  it('exports the log as CSV with a header and the call', async () => {
    const { page } = e2e;
    const [download] = await Promise.all([page.waitForEvent('download'), byTestId(page, 'export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const file = await download.path();
    const rows = parseCsv(await readFile(file, 'utf8')).filter((r) => r.some((cell) => cell !== ''));

    expect(rows).toHaveLength(2);
    const [header, call] = rows;
    expect(header).toEqual(expect.arrayContaining(['model', 'statusCode', 'userId']));
    const cell = (name: string) => call[header.indexOf(name)];
    expect(cell('model')).toBe(ALIAS);
    expect(cell('statusCode')).toBe('200');
  });

  it('counts the call on the dashboard', async () => {
    const { page } = e2e;
    await goTo('Dashboard', 'Dashboard');
    const requests = byTestId(page, 'stat-requests').locator('.card-value');
    // Statistics may trail the log by a few seconds: look again (with a reload) until they show it.
    await eventually(
      async () => {
        if (!(await requests.isVisible()) || Number((await requests.innerText()).replace(/\D/g, '')) < 1) {
          await page.reload();
          await expectHeading(page, 'Dashboard');
          await requests.waitFor({ timeout: 3_000 });
        }
        expect(Number((await requests.innerText()).replace(/\D/g, ''))).toBeGreaterThanOrEqual(1);
      },
      15_000,
      1_000,
    );
    await byTestId(page, 'top-models').filter({ hasText: ALIAS }).waitFor();
    await e2e.screenshot('dashboard');
  });

  it('changes a setting, and the saved value survives a reload', async () => {
    const { page } = e2e;
    await goTo('Settings', 'Settings');
    const retention = byTestId(page, 'setting-logRetentionDays');
    expect(await retention.inputValue()).toBe('30');

    await fillInput(retention, '14');
    await byTestId(page, 'save-logRetentionDays').click();
    await expectSnackbar(page, 'Saved logRetentionDays.');
    await e2e.screenshot('settings');

    await page.reload();
    await expectHeading(page, 'Settings');
    await eventually(async () => expect(await byTestId(page, 'setting-logRetentionDays').inputValue()).toBe('14'));
    const stored = await page.request.get(e2e.url('/api/config'));
    expect(stored.status()).toBe(200);
    expect(((await stored.json()) as ConfigResponse).logRetentionDays).toBe(14);
  });
});
