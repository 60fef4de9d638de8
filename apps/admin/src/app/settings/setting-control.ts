import { AbstractControl, FormControl, ValidationErrors, ValidatorFn, Validators } from '@angular/forms';
import type { SettingSchema, SettingValue } from '@switchyard/contracts';

/** A setting's form control: a number control for integer/number, boolean for toggles, text otherwise. */
export type SettingControl = FormControl<SettingValue | null>;

/** Which control a setting gets on the page. */
export type SettingKind = 'toggle' | 'number' | 'select' | 'text';

export function settingKind(schema: SettingSchema): SettingKind {
  if (schema.type === 'boolean') return 'toggle';
  if (schema.type === 'integer' || schema.type === 'number') return 'number';
  return schema.enum?.length ? 'select' : 'text';
}

/** A control holding `value`, with the schema's rules (required number, min, max, whole number) as validators. */
export function settingControl(schema: SettingSchema, value: SettingValue | undefined): SettingControl {
  const validators: ValidatorFn[] = [];
  if (schema.type === 'integer' || schema.type === 'number') {
    validators.push(Validators.required);
    if (schema.min !== undefined) validators.push(Validators.min(schema.min));
    if (schema.max !== undefined) validators.push(Validators.max(schema.max));
  }
  if (schema.type === 'integer') {
    validators.push(wholeNumber);
  }
  if (schema.enum?.length) {
    validators.push(Validators.required);
  }
  return new FormControl<SettingValue | null>(value ?? schema.default, { validators });
}

function wholeNumber(control: AbstractControl): ValidationErrors | null {
  const value: unknown = control.value;
  return typeof value === 'number' && !Number.isInteger(value) ? { integer: true } : null;
}

/** The control's value as the schema's type, ready to send; null when it cannot be (e.g. an empty number). */
export function typedValue(schema: SettingSchema, value: SettingValue | null): SettingValue | null {
  if (value === null) return null;
  switch (schema.type) {
    case 'boolean':
      return value === true || value === 'true';
    case 'integer':
    case 'number': {
      const number = typeof value === 'number' ? value : Number(value);
      return Number.isFinite(number) ? number : null;
    }
    default:
      return String(value);
  }
}

/** The first client-side problem with the control, in words. */
export function validationMessage(schema: SettingSchema, control: SettingControl): string | null {
  if (control.hasError('required')) return 'A value is required.';
  if (control.hasError('min')) return `Must be at least ${schema.min}.`;
  if (control.hasError('max')) return `Must be at most ${schema.max}.`;
  if (control.hasError('integer')) return 'Must be a whole number.';
  const server: unknown = control.getError('server');
  return typeof server === 'string' ? server : null;
}
