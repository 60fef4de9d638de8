import type { BudgetPeriod } from '@switchyard/contracts';

/** Start of the budget period containing `now` (UTC): the day, the month, or the epoch for `total`. */
export function periodStart(period: BudgetPeriod, now: Date = new Date()): Date {
  switch (period) {
    case 'day':
      return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    case 'month':
      return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    case 'total':
      return new Date(0);
  }
}

/** When the period containing `now` ends (null for `total`). */
export function periodEnd(period: BudgetPeriod, now: Date = new Date()): Date | null {
  switch (period) {
    case 'day':
      return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
    case 'month':
      return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    case 'total':
      return null;
  }
}

/** Spend recorded for `recordedPeriodStart` counts only while that is still the current period. */
export function spentInCurrentPeriod(
  spentUsd: number,
  recordedPeriodStart: Date | null,
  period: BudgetPeriod,
  now: Date = new Date(),
): number {
  if (period === 'total') return spentUsd;
  return recordedPeriodStart && recordedPeriodStart.getTime() === periodStart(period, now).getTime() ? spentUsd : 0;
}
