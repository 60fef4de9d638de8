import { AbstractControl, NonNullableFormBuilder, ValidationErrors, Validators } from '@angular/forms';
import type { BudgetPeriod, CreateUserRequest, UpdateUserRequest, UserResponse } from '@switchyard/contracts';
import { integerValidator, requiredText } from '../shared/form-validators';
import { ALL_MODELS } from './user-format';

// Limits mirror the gateway's create-user.dto.ts (PostgreSQL integer and numeric(14,6) columns).
export const MAX_RATE_LIMIT = 2_147_483_647;
export const MAX_BUDGET_USD = 99_999_999;

export function buildUserForm(fb: NonNullableFormBuilder) {
  return fb.group({
    name: ['', [requiredText, Validators.maxLength(100)]],
    allowedModels: fb.control<string[]>([], [Validators.required, exclusiveAllModels]),
    rateLimitRpm: fb.control<number | null>(null, [Validators.min(0), Validators.max(MAX_RATE_LIMIT), integerValidator]),
    rateLimitTpm: fb.control<number | null>(null, [Validators.min(0), Validators.max(MAX_RATE_LIMIT), integerValidator]),
    budgetUsd: fb.control<number | null>(null, [Validators.min(0), Validators.max(MAX_BUDGET_USD)]),
    budgetPeriod: fb.control<BudgetPeriod>('month', Validators.required),
    expiresAt: fb.control<Date | null>(null),
    enabled: true,
  });
}

export type UserForm = ReturnType<typeof buildUserForm>;
export type UserFormValue = ReturnType<UserForm['getRawValue']>;

export function fillUserForm(form: UserForm, user: UserResponse): void {
  form.patchValue({
    name: user.name,
    allowedModels: [...user.allowedModels],
    rateLimitRpm: user.rateLimitRpm,
    rateLimitTpm: user.rateLimitTpm,
    budgetUsd: user.budgetUsd,
    budgetPeriod: user.budgetPeriod,
    expiresAt: user.expiresAt === null ? null : new Date(user.expiresAt),
    enabled: user.enabled,
  });
}

/**
 * "All models" excludes the others: picking it clears the aliases, picking an alias clears it.
 * `previous` is the selection before the change, to tell which one was just picked.
 */
export function normalizeAllowedModels(next: readonly string[], previous: readonly string[]): string[] {
  if (!next.includes(ALL_MODELS) || next.length === 1) {
    return [...next];
  }
  return previous.includes(ALL_MODELS) ? next.filter((m) => m !== ALL_MODELS) : [ALL_MODELS];
}

/** Body of POST /api/users. A blank limit or budget is null (default / none); the expiry is the end of the picked day. */
export function toCreateUserRequest(value: UserFormValue): CreateUserRequest {
  return {
    name: value.name.trim(),
    allowedModels: value.allowedModels,
    rateLimitRpm: value.rateLimitRpm,
    rateLimitTpm: value.rateLimitTpm,
    budgetUsd: value.budgetUsd,
    budgetPeriod: value.budgetPeriod,
    expiresAt: value.expiresAt === null ? null : endOfDay(value.expiresAt).toISOString(),
    enabled: value.enabled,
  };
}

/** Body of PATCH /api/users/:id; an untouched expiry is sent back unchanged rather than moved to the end of its day. */
export function toUpdateUserRequest(value: UserFormValue, user: UserResponse, expiryChanged: boolean): UpdateUserRequest {
  const request = toCreateUserRequest(value);
  return expiryChanged ? request : { ...request, expiresAt: user.expiresAt };
}

function endOfDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate(), 23, 59, 59, 999);
}

/** `*` together with named aliases is ambiguous. Error key: `exclusiveAllModels`. */
export function exclusiveAllModels(control: AbstractControl<unknown>): ValidationErrors | null {
  const value = control.value;
  return Array.isArray(value) && value.includes(ALL_MODELS) && value.length > 1 ? { exclusiveAllModels: true } : null;
}
