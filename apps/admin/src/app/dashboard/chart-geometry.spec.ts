import { describe, expect, it } from 'vitest';
import { areaPath, axisScale, linePath } from './chart-geometry';

describe('chart geometry', () => {
  it('picks a nice axis above the data maximum', () => {
    expect(axisScale(7)).toEqual({ max: 8, ticks: [0, 2, 4, 6, 8] });
    expect(axisScale(870)).toEqual({ max: 1000, ticks: [0, 250, 500, 750, 1000] });
    expect(axisScale(1900)).toEqual({ max: 2000, ticks: [0, 500, 1000, 1500, 2000] });
    expect(axisScale(0.3)).toEqual({ max: 0.3, ticks: [0, 0.1, 0.2, 0.3] });
  });

  it('keeps integer axes whole and never collapses to zero', () => {
    expect(axisScale(1, 4, true)).toEqual({ max: 1, ticks: [0, 1] });
    expect(axisScale(0, 4, true)).toEqual({ max: 1, ticks: [0, 1] });
  });

  it('breaks lines where values are missing', () => {
    const project = (index: number, value: number) => ({ x: index * 10, y: 100 - value });

    expect(linePath([1, 2, null, 4], project)).toBe('M0,99 L10,98 M27,96 h6');
    expect(areaPath([5, 10], project, 100)).toBe('M0,100 L0,95 L10,90 L10,100 Z');
    expect(linePath([null, null], project)).toBe('');
  });
});
