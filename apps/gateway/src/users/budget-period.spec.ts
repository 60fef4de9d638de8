import { periodEnd, periodStart, spentInCurrentPeriod } from './budget-period';

describe('budget periods (UTC)', () => {
  const now = new Date('2026-03-31T23:59:59.999Z');

  it('starts days and months at UTC midnight and totals at the epoch', () => {
    expect(periodStart('day', now).toISOString()).toBe('2026-03-31T00:00:00.000Z');
    expect(periodStart('month', now).toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(periodStart('total', now).getTime()).toBe(0);
  });

  it('ends them at the next boundary, across a month end', () => {
    expect(periodEnd('day', now)!.toISOString()).toBe('2026-04-01T00:00:00.000Z');
    expect(periodEnd('month', now)!.toISOString()).toBe('2026-04-01T00:00:00.000Z');
    expect(periodEnd('total', now)).toBeNull();
  });

  it('counts recorded spend only while its period is the current one', () => {
    const march = new Date('2026-03-01T00:00:00.000Z');
    expect(spentInCurrentPeriod(4, march, 'month', now)).toBe(4);
    expect(spentInCurrentPeriod(4, march, 'month', new Date('2026-04-01T00:00:00.000Z'))).toBe(0);
    expect(spentInCurrentPeriod(4, null, 'day', now)).toBe(0);
    expect(spentInCurrentPeriod(4, null, 'total', now)).toBe(4);
  });
});
