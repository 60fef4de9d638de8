import { isoTime } from './iso-time';

describe('isoTime', () => {
  it('writes what toISOString writes, across seconds, minutes, hours, days and years', () => {
    const times = [
      0,
      Date.UTC(2026, 10, 27, 15, 4, 5, 6),
      Date.UTC(2026, 11, 31, 23, 59, 59, 999),
      Date.UTC(2027, 0, 1, 0, 0, 0, 0),
      Date.UTC(2028, 1, 29, 12, 0, 9, 90),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
    ];
    // Walks forward and back in steps that cross each boundary, with every millisecond width.
    for (let t = Date.UTC(2026, 10, 27, 23, 58, 0, 0); t < Date.UTC(2026, 10, 28, 0, 2, 0, 0); t += 997) times.push(t, t - 60_001);
    for (let i = 0; i < 2_000; i++) times.push(Math.floor(Math.random() * Date.UTC(2100, 0, 1)));
    for (const t of times) expect(isoTime(new Date(t))).toBe(new Date(t).toISOString());
  });

  it('hands dates outside 1970..9999 to toISOString', () => {
    for (const t of [-1, Date.UTC(1969, 11, 31, 23, 59, 59, 999), Date.UTC(10000, 0, 1), -8.64e15, 8.64e15])
      expect(isoTime(new Date(t))).toBe(new Date(t).toISOString());
  });

  it('throws on an invalid date as toISOString does', () => {
    expect(() => isoTime(new Date(Number.NaN))).toThrow(RangeError);
  });
});
