import type { Locator, Page } from 'playwright-core';

/** `[data-testid="…"]`, the hooks the admin app's templates carry for tests. */
export function byTestId(scope: Page | Locator, testId: string): Locator {
  return scope.locator(`[data-testid="${testId}"]`);
}

/**
 * Retries `assertion` until it stops throwing, for at most `timeoutMs`; then throws its last error.
 * For what playwright's auto-waiting cannot express (numbers on a card, data behind a reload).
 */
export async function eventually<T>(assertion: () => Promise<T>, timeoutMs = 10_000, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (err) {
      if (Date.now() + intervalMs > deadline) throw err;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}

/** Fills the login form and submits it, as a person would. */
export async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  await page.locator('input[formcontrolname="username"]').fill(username);
  await page.locator('input[formcontrolname="password"]').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Opens a mat-select and clicks the option named `option` (the panel lives in the overlay container). */
export async function chooseOption(page: Page, select: Locator, option: string | RegExp): Promise<void> {
  await select.click();
  await page.getByRole('option', { name: option }).click();
}

/** Waits for a snackbar saying `text` and dismisses it, so it cannot cover the next click. */
export async function expectSnackbar(page: Page, text: string | RegExp): Promise<void> {
  const bar = page.locator('mat-snack-bar-container', { hasText: text });
  await bar.waitFor();
  await bar.getByRole('button').click();
  await bar.waitFor({ state: 'detached' });
}

/** The page's main heading once it is shown. */
export async function expectHeading(page: Page, name: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** A minimal RFC 4180 reader (quoted cells, doubled quotes, commas and newlines inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else {
      cell += c;
    }
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}
