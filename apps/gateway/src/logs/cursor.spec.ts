import { decodeCursor, encodeCursor, isLogId } from './cursor';

describe('log cursors', () => {
  it('round-trips (created_at with microseconds, id)', () => {
    const cursor = { createdAt: '2025-03-04T05:06:07.123456Z', id: '9223372036854775807' };
    const text = encodeCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text)).toEqual(cursor);
  });

  it('accepts whole seconds and millisecond timestamps', () => {
    for (const createdAt of ['2025-03-04T05:06:07Z', '2025-03-04T05:06:07.120Z']) {
      expect(decodeCursor(encodeCursor({ createdAt, id: '1' }))).toEqual({ createdAt, id: '1' });
    }
  });

  it.each([
    ['not base64url', 'a+b/c='],
    ['empty', ''],
    ['no separator', Buffer.from('2025-03-04T05:06:07Z').toString('base64url')],
    ['too many parts', Buffer.from('2025-03-04T05:06:07Z|1|2').toString('base64url')],
    ['zero id', encodeCursor({ createdAt: '2025-03-04T05:06:07Z', id: '0' })],
    ['negative id', encodeCursor({ createdAt: '2025-03-04T05:06:07Z', id: '-1' })],
    ['leading zero', encodeCursor({ createdAt: '2025-03-04T05:06:07Z', id: '01' })],
    ['id beyond bigint', encodeCursor({ createdAt: '2025-03-04T05:06:07Z', id: '9223372036854775808' })],
    ['local time', encodeCursor({ createdAt: '2025-03-04T05:06:07', id: '1' })],
    ['offset instead of Z', encodeCursor({ createdAt: '2025-03-04T05:06:07+01:00', id: '1' })],
    ['February 30', encodeCursor({ createdAt: '2025-02-30T05:06:07Z', id: '1' })],
    ['hour 24', encodeCursor({ createdAt: '2025-03-04T24:00:00Z', id: '1' })],
    ['7 fraction digits', encodeCursor({ createdAt: '2025-03-04T05:06:07.1234567Z', id: '1' })],
    ['SQL', encodeCursor({ createdAt: "2025-03-04T05:06:07Z'; DROP TABLE request_logs; --", id: '1' })],
    ['overlong', 'A'.repeat(200)],
  ])('refuses %s', (_why, text) => {
    expect(decodeCursor(text)).toBeNull();
  });

  it('refuses non-strings without throwing', () => {
    for (const value of [undefined, null, 42, ['a'], { createdAt: 'x' }]) expect(decodeCursor(value)).toBeNull();
  });

  it('recognises bigint ids', () => {
    expect(isLogId('1')).toBe(true);
    expect(isLogId('9223372036854775807')).toBe(true);
    for (const bad of ['0', '-5', '1.5', '1e3', ' 1', 'abc', '', '9223372036854775808', '12345678901234567890', 7]) {
      expect(isLogId(bad)).toBe(false);
    }
  });
});
