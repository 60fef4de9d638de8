import { containsPattern, parseStatus, parseTimestamp } from './log-filters';

describe('log filter values', () => {
  it.each([
    ['2025-06-01T12:00:00Z', '2025-06-01T12:00:00Z', '2025-06-01T12:00:00.000Z'],
    ['2025-06-01T12:00Z', '2025-06-01T12:00:00Z', '2025-06-01T12:00:00.000Z'],
    ['2025-06-01', '2025-06-01T00:00:00Z', '2025-06-01T00:00:00.000Z'],
    ['2025-06-01T14:00:00+02:00', '2025-06-01T14:00:00+02:00', '2025-06-01T12:00:00.000Z'],
    ['2025-06-01T07:30:00-0430', '2025-06-01T07:30:00-04:30', '2025-06-01T12:00:00.000Z'],
    ['2025-06-01t12:00:00.123456z', '2025-06-01T12:00:00.123456Z', '2025-06-01T12:00:00.123Z'],
    ['2024-02-29T23:59:59.5+00', '2024-02-29T23:59:59.5+00:00', '2024-02-29T23:59:59.500Z'],
  ])('reads the timestamp %s', (text, iso, instant) => {
    const parsed = parseTimestamp(text)!;
    expect(parsed.iso).toBe(iso);
    expect(new Date(Number(parsed.micros / 1000n)).toISOString()).toBe(instant);
  });

  it('keeps microseconds in the instant', () => {
    expect(parseTimestamp('2025-06-01T12:00:00.000002Z')!.micros - parseTimestamp('2025-06-01T12:00:00.000001Z')!.micros).toBe(1n);
  });

  it.each([
    '2025-06-01T12:00:00', // no zone: the server's would be a guess
    '2025-02-30',
    '2025-13-01',
    '2025-06-01T24:00:00Z',
    '2025-06-01T12:60:00Z',
    '2025-06-01T12:00:00.1234567Z',
    '0000-01-01',
    '2025-06-01T12:00:00+16:00',
    '2025-06-01 12:00:00Z',
    'yesterday',
    '1717243200',
    '',
  ])('refuses the timestamp %s', (text) => {
    expect(parseTimestamp(text)).toBeNull();
  });

  it('refuses non-strings', () => {
    for (const value of [undefined, null, 5, ['2025-06-01']]) expect(parseTimestamp(value)).toBeNull();
  });

  it('reads exact statuses and classes', () => {
    expect(parseStatus('429')).toEqual({ min: 429, max: 429 });
    expect(parseStatus('2xx')).toEqual({ min: 200, max: 299 });
    expect(parseStatus('5XX')).toEqual({ min: 500, max: 599 });
    for (const bad of ['1xx', '6xx', '42', '4299', '099', 'abc', '4x', '', ' 200', ['200'], 200]) expect(parseStatus(bad)).toBeNull();
  });

  it('searches q literally, anywhere', () => {
    expect(containsPattern('rate limit')).toBe('%rate limit%');
    expect(containsPattern('100%_sure\\')).toBe('%100\\%\\_sure\\\\%');
  });
});
