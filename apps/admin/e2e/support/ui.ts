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

/**
 * Waits until `dialog` (a MatDialog's content) has finished opening. MatDialog moves the focus into it
 * (its first field) only after the open animation, so text typed before that can land in the wrong field:
 * `fill` focuses its input and then types, and the focus may jump in between.
 */
export async function waitForDialogOpen(dialog: Locator): Promise<void> {
  await dialog.waitFor();
  const handle = await dialog.elementHandle();
  try {
    await dialog
      .page()
      .waitForFunction((el) => (el.closest('mat-dialog-container') ?? el).contains(el.ownerDocument.activeElement), handle);
  } catch (err) {
    throw new Error(`The dialog ${dialog.toString()} never took the focus (did it finish opening?)`, { cause: err });
  } finally {
    await handle.dispose();
  }
}

/** Fills `input` and checks that it holds `value` afterwards, so a keystroke gone elsewhere fails here. */
export async function fillInput(input: Locator, value: string): Promise<void> {
  await input.fill(value);
  const actual = await input.inputValue();
  if (actual !== value) {
    throw new Error(`Filled ${input.toString()} with ${JSON.stringify(value)}, but it holds ${JSON.stringify(actual)}`);
  }
}

/**
 * Fills the inputs named by `formcontrolname` in `scope`, in order, each checked as it is filled; then
 * checks them all again, since text typed into the wrong field shows up in a field filled before.
 */
export async function fillFields(scope: Locator, values: Record<string, string>): Promise<void> {
  const input = (name: string) => scope.locator(`input[formcontrolname="${name}"]`);
  for (const [name, value] of Object.entries(values)) await fillInput(input(name), value);
  const wrong: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    const actual = await input(name).inputValue();
    if (actual !== value) wrong.push(`${name}: ${JSON.stringify(actual)} instead of ${JSON.stringify(value)}`);
  }
  if (wrong.length > 0) throw new Error(`After filling, ${wrong.join('; ')}`);
}

/** Fills the login form and submits it, as a person would. */
export async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  await fillInput(page.locator('input[formcontrolname="username"]'), username);
  await fillInput(page.locator('input[formcontrolname="password"]'), password);
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
