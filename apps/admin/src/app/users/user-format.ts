import type { BudgetPeriod, UserResponse } from '@switchyard/contracts';

/** The allowed-models entry that means every alias. */
export const ALL_MODELS = '*';

export const BUDGET_PERIODS: readonly { value: BudgetPeriod; label: string }[] = [
  { value: 'day', label: 'per day' },
  { value: 'month', label: 'per month' },
  { value: 'total', label: 'in total' },
];

/** A per-minute limit as the table shows it: null falls back to the gateway default, 0 is unlimited. */
export function limitLabel(limit: number | null): string {
  if (limit === null) {
    return 'default';
  }
  return limit === 0 ? 'none' : limit.toLocaleString('en-US');
}

export function allowedModelLabel(model: string): string {
  return model === ALL_MODELS ? 'All models' : model;
}

const USD = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 2 });

export function usd(amount: number): string {
  return USD.format(amount);
}

export function budgetLabel(user: Pick<UserResponse, 'budgetUsd' | 'budgetPeriod'>): string {
  if (user.budgetUsd === null) {
    return 'No budget';
  }
  const period = BUDGET_PERIODS.find((p) => p.value === user.budgetPeriod)?.label ?? user.budgetPeriod;
  return `${usd(user.budgetUsd)} ${period}`;
}

export function isExpired(user: Pick<UserResponse, 'expiresAt'>, now = Date.now()): boolean {
  return user.expiresAt !== null && Date.parse(user.expiresAt) <= now;
}
