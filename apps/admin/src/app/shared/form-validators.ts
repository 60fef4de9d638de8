import { AbstractControl, ValidationErrors } from '@angular/forms';

/**
 * An absolute http(s) URL without credentials, query or fragment: what the gateway accepts as an
 * upstream base URL. Empty values pass (pair with `Validators.required`). Error key: `httpUrl`.
 */
export function httpUrlValidator(control: AbstractControl<unknown>): ValidationErrors | null {
  const value = control.value;
  if (typeof value !== 'string' || value.trim() === '') {
    return null;
  }
  const text = value.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { httpUrl: true };
  }
  const valid = /^https?:\/\/[^/]/i.test(text) && url.username === '' && url.password === '' && !text.includes('?') && !text.includes('#');
  return valid ? null : { httpUrl: true };
}

/** Fails (`required`) for empty or whitespace-only text, which the server trims to nothing. */
export function requiredText(control: AbstractControl<unknown>): ValidationErrors | null {
  const value = control.value;
  return typeof value === 'string' && value.trim() !== '' ? null : { required: true };
}

/** Whole numbers only; empty passes. Error key: `integer`. */
export function integerValidator(control: AbstractControl<unknown>): ValidationErrors | null {
  const value = control.value;
  return value === null || value === undefined || value === '' || Number.isInteger(value) ? null : { integer: true };
}
