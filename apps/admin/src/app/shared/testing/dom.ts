/** Small DOM helpers for component specs (jsdom). */

export function byTestId<T extends HTMLElement = HTMLElement>(root: ParentNode, testId: string, index = 0): T {
  const found = root.querySelectorAll<T>(`[data-testid="${testId}"]`)[index];
  if (!found) throw new Error(`no [data-testid="${testId}"] #${index}`);
  return found;
}

export function allByTestId<T extends HTMLElement = HTMLElement>(root: ParentNode, testId: string): T[] {
  return [...root.querySelectorAll<T>(`[data-testid="${testId}"]`)];
}

/** Types into the input bound to `formControlName="name"` (the `index`th one, for form arrays). */
export function typeInto(root: ParentNode, name: string, value: string, index = 0): void {
  const input = root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(`[formcontrolname="${name}"]`)[index];
  if (!input) throw new Error(`no input [formcontrolname="${name}"] #${index}`);
  input.value = value;
  input.dispatchEvent(new Event('input'));
  input.dispatchEvent(new Event('blur'));
}

/** Text of every visible `<mat-error>` under `root`. */
export function errorTexts(root: ParentNode): string[] {
  return [...root.querySelectorAll('mat-error')].map((e) => e.textContent?.trim() ?? '');
}
