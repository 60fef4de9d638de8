import { describe, expect, it } from 'vitest';
import { makeHealth } from '../shared/testing/fixtures';
import { healthRank, relativeTime, summarizeHealth } from './api-health';

const NOW = Date.parse('2030-01-01T12:00:00.000Z');

describe('summarizeHealth', () => {
  it('names each breaker state as the APIs table shows it', () => {
    expect(summarizeHealth(makeHealth(), NOW)).toEqual({ kind: 'healthy', label: 'Healthy', since: null });
    expect(summarizeHealth(makeHealth({ consecutiveFailures: 3 }), NOW).label).toBe('Failing (3)');
    expect(summarizeHealth(makeHealth({ state: 'open', since: '2030-01-01T11:58:00.000Z', reason: '429 from upstream' }), NOW)).toEqual({
      kind: 'out',
      label: 'Out — 429 from upstream',
      since: 'since 2 min ago',
    });
    expect(summarizeHealth(makeHealth({ state: 'open', reason: null }), NOW).label).toBe('Out');
    expect(summarizeHealth(makeHealth({ state: 'half-open' }), NOW).label).toBe('Probing');
    expect(summarizeHealth(undefined, NOW).kind).toBe('unknown');
  });

  it('ranks worse states higher for sorting', () => {
    const ranks = [
      makeHealth(),
      makeHealth({ consecutiveFailures: 1 }),
      makeHealth({ state: 'half-open' }),
      makeHealth({ state: 'open' }),
    ].map((h) => healthRank(h));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(ranks).size).toBe(4);
  });
});

describe('relativeTime', () => {
  it.each([
    ['2030-01-01T12:00:03.000Z', 'just now'],
    ['2030-01-01T11:59:18.000Z', '42 s ago'],
    ['2030-01-01T11:55:00.000Z', '5 min ago'],
    ['2030-01-01T09:00:00.000Z', '3 h ago'],
    ['2029-12-30T12:00:00.000Z', '2 d ago'],
    ['not a date', 'not a date'],
  ])('%s → %s', (iso, expected) => {
    expect(relativeTime(iso, NOW)).toBe(expected);
  });
});
