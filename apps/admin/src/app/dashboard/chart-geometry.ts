/** Pure helpers for the dashboard's SVG charts: axis scale and path strings. */

export interface AxisScale {
  /** Top of the axis (a "nice" number at or above the data maximum). */
  max: number;
  /** Gridline values from 0 to `max`, inclusive. */
  ticks: number[];
}

/**
 * A y-axis from 0 with about `count` steps of 1, 2, 2.5 or 5 × 10^n. `integer` keeps steps whole (request
 * counts never show "0.5 requests").
 */
export function axisScale(dataMax: number, count = 4, integer = false): AxisScale {
  const safeMax = Number.isFinite(dataMax) && dataMax > 0 ? dataMax : 0;
  let step = niceStep(safeMax > 0 ? safeMax / count : 1);
  if (integer) {
    step = Math.max(1, Math.round(step));
  }
  const max = Math.max(step, Math.ceil(safeMax / step) * step);
  const ticks: number[] = [];
  for (let value = 0; value <= max + step / 2; value += step) {
    ticks.push(roundOff(value));
  }
  return { max: roundOff(max), ticks };
}

function niceStep(raw: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / magnitude;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * magnitude;
}

/** Removes floating-point dust (0.30000000000000004). */
function roundOff(value: number): number {
  return Number.parseFloat(value.toPrecision(12));
}

export type Project = (index: number, value: number) => { x: number; y: number };

/** Runs of consecutive non-null values, as [index, value] pairs: a null (no data) breaks the line. */
function segments(values: readonly (number | null)[]): [number, number][][] {
  const runs: [number, number][][] = [];
  let current: [number, number][] = [];
  values.forEach((value, index) => {
    if (value === null) {
      if (current.length) runs.push(current);
      current = [];
    } else {
      current.push([index, value]);
    }
  });
  if (current.length) runs.push(current);
  return runs;
}

/** An SVG path `d` for a line through the values; gaps where a value is null. A lone value becomes a dot. */
export function linePath(values: readonly (number | null)[], project: Project): string {
  return segments(values)
    .map((run) =>
      run
        .map(([index, value], i) => {
          const { x, y } = project(index, value);
          // A bucket with no neighbour has no line to draw: a short dash marks it instead.
          if (run.length === 1) return `M${fixed(x - 3)},${fixed(y)} h6`;
          return `${i === 0 ? 'M' : 'L'}${fixed(x)},${fixed(y)}`;
        })
        .join(' '),
    )
    .join(' ');
}

/** An SVG path `d` for the area between the line and `baseline` (y of zero). */
export function areaPath(values: readonly (number | null)[], project: Project, baseline: number): string {
  return segments(values)
    .map((run) => {
      const points = run.map(([index, value]) => project(index, value));
      const first = points[0];
      const last = points[points.length - 1];
      const line = points.map(({ x, y }) => `L${fixed(x)},${fixed(y)}`).join(' ');
      return `M${fixed(first.x)},${fixed(baseline)} ${line} L${fixed(last.x)},${fixed(baseline)} Z`;
    })
    .join(' ');
}

function fixed(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
