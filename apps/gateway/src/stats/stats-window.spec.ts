import { windowGeometry } from './stats-window';

const NOW = new Date('2025-06-04T10:47:12.345Z');

describe('windowGeometry', () => {
  it.each([
    ['1h', 300, 12, '2025-06-04T09:50:00.000Z', '2025-06-04T10:50:00.000Z', true],
    ['24h', 3600, 24, '2025-06-03T11:00:00.000Z', '2025-06-04T11:00:00.000Z', false],
    ['7d', 3600, 168, '2025-05-28T11:00:00.000Z', '2025-06-04T11:00:00.000Z', false],
    ['30d', 86_400, 30, '2025-05-06T00:00:00.000Z', '2025-06-05T00:00:00.000Z', false],
  ] as const)(
    '%s: %i s buckets, %i of them, ending with the bucket that holds now',
    (window, bucketSeconds, points, start, end, rawOnly) => {
      expect(windowGeometry(window, NOW)).toEqual({ window, bucketSeconds, points, start: new Date(start), end: new Date(end), rawOnly });
    },
  );

  it('starts a new bucket exactly on its boundary', () => {
    expect(windowGeometry('24h', new Date('2025-06-04T11:00:00.000Z')).end).toEqual(new Date('2025-06-04T12:00:00.000Z'));
  });
});
