import { ADMIN_PASSWORD, ADMIN_USERNAME, useE2eSession } from './support/e2e-session';
import { byTestId, eventually, expectHeading, submitLogin } from './support/ui';

// Signing in and out, the theme, and deep links: what every operator meets before any real work.
describe('admin app: signing in and out', () => {
  const e2e = useE2eSession();

  it('sends an anonymous visitor to the login page, remembering where they were going', async () => {
    const { page } = e2e;
    await page.goto(e2e.url('/logs'));

    await page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('returnUrl')).toBe('/logs');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await e2e.screenshot('login');
  });

  it('shows a clear error for a wrong password and stays on the login page', async () => {
    const { page } = e2e;
    await submitLogin(page, ADMIN_USERNAME, 'not-the-password');

    await page.getByRole('alert').filter({ hasText: 'Invalid username or password' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await e2e.screenshot('login-error');
  });

  it('signs in with the right password and lands where the visitor was going', async () => {
    const { page } = e2e;
    await submitLogin(page, ADMIN_USERNAME, ADMIN_PASSWORD);

    await page.waitForURL((url) => url.pathname === '/logs');
    await expectHeading(page, 'Request logs');
    expect((await byTestId(page, 'admin-username').textContent())?.trim()).toContain(ADMIN_USERNAME);
  });

  it('toggles between the light and dark theme and remembers the pick after a reload', async () => {
    const { page } = e2e;
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await expectHeading(page, 'Dashboard');
    const html = page.locator('html');
    const themeClasses = async () => (await html.getAttribute('class')) ?? '';
    const toggle = byTestId(page, 'theme-toggle');
    expect(await themeClasses()).not.toContain('theme-dark');
    await e2e.screenshot('dashboard-light');

    await toggle.click();
    await eventually(async () => expect(await themeClasses()).toContain('theme-dark'));
    expect(await toggle.getAttribute('aria-label')).toBe('Switch to light theme');

    await page.reload();
    await expectHeading(page, 'Dashboard');
    expect(await themeClasses()).toContain('theme-dark');
    await e2e.screenshot('dashboard-dark');

    await toggle.click();
    await eventually(async () => expect(await themeClasses()).toContain('theme-light'));
  });

  it('serves a deep link and a reload of /logs from index.html', async () => {
    const { page } = e2e;
    const response = await page.goto(e2e.url('/logs'));
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toMatch(/^text\/html/);
    await expectHeading(page, 'Request logs');

    const reloaded = await page.reload();
    expect(reloaded?.status()).toBe(200);
    await expectHeading(page, 'Request logs');
    expect(new URL(page.url()).pathname).toBe('/logs');
    await e2e.screenshot('logs-empty');
  });

  it('signs out: back on the login page, and the session is gone on the server', async () => {
    const { page } = e2e;
    const me = () => page.request.get(e2e.url('/api/auth/me'));
    expect((await me()).status()).toBe(200);

    await byTestId(page, 'logout').click();

    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect((await me()).status()).toBe(401);

    await page.goto(e2e.url('/settings'));
    await page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('returnUrl')).toBe('/settings');
  });
});
