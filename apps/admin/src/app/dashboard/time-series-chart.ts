import { formatDate } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, LOCALE_ID, signal } from '@angular/core';
import { areaPath, axisScale, linePath } from './chart-geometry';

/** One line of a chart; `values` line up with the chart's `times`, null meaning "no data". */
export interface ChartSeries {
  label: string;
  values: readonly (number | null)[];
  /** Any CSS colour, e.g. `var(--mat-sys-primary)`. */
  color: string;
  /** Fill the area under the line. */
  area?: boolean;
}

export type ChartUnit = 'count' | 'ms';

const WIDTH = 640;
const HEIGHT = 220;
const MARGIN = { top: 12, right: 16, bottom: 28, left: 52 };
const X_LABELS = 5;

/** A small SVG line/area chart over time with axes, a legend and a hover tooltip. No chart library. */
@Component({
  selector: 'sy-time-series-chart',
  templateUrl: './time-series-chart.html',
  styleUrl: './time-series-chart.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TimeSeriesChart {
  private readonly locale = inject(LOCALE_ID);

  /** Accessible name, e.g. "Requests over time". */
  readonly label = input.required<string>();
  /** Bucket start times (ISO 8601). */
  readonly times = input.required<readonly string[]>();
  readonly series = input.required<readonly ChartSeries[]>();
  readonly unit = input<ChartUnit>('count');
  /** Bucket length; decides whether axis labels show times or dates. */
  readonly bucketSeconds = input(3600);

  protected readonly width = WIDTH;
  protected readonly height = HEIGHT;
  protected readonly left = MARGIN.left;
  protected readonly right = WIDTH - MARGIN.right;
  protected readonly top = MARGIN.top;
  protected readonly bottom = HEIGHT - MARGIN.bottom;
  protected readonly hovered = signal<number | null>(null);

  private readonly scale = computed(() => {
    const values = this.series().flatMap((s) => s.values.filter((v): v is number => v !== null));
    return axisScale(Math.max(0, ...values), 4, this.unit() === 'count');
  });

  protected readonly yTicks = computed(() => this.scale().ticks.map((value) => ({ y: this.y(value), label: this.format(value) })));

  protected readonly xTicks = computed(() => {
    const times = this.times();
    const every = Math.max(1, Math.ceil(times.length / X_LABELS));
    return times.flatMap((t, i) => (i % every === 0 ? [{ x: this.x(i), label: this.formatTime(t, false) }] : []));
  });

  protected readonly paths = computed(() =>
    this.series().map((s) => {
      const project = (index: number, value: number) => ({ x: this.x(index), y: this.y(value) });
      return { ...s, line: linePath(s.values, project), fill: s.area ? areaPath(s.values, project, this.bottom) : null };
    }),
  );

  /** One invisible hover target per bucket, as wide as the bucket, with a native title as fallback. */
  protected readonly buckets = computed(() => {
    const times = this.times();
    const slot = (this.right - this.left) / Math.max(1, times.length);
    return times.map((t, i) => ({
      index: i,
      x: this.x(i) - slot / 2,
      width: slot,
      title: `${this.formatTime(t, true)}: ${this.series()
        .map((s) => `${s.label} ${this.formatValue(s.values[i])}`)
        .join(', ')}`,
    }));
  });

  protected readonly tooltip = computed(() => {
    const index = this.hovered();
    const time = index === null ? undefined : this.times()[index];
    if (index === null || time === undefined) {
      return null;
    }
    const x = this.x(index);
    return {
      x,
      leftPercent: (x / WIDTH) * 100,
      flip: x > WIDTH * 0.6,
      time: this.formatTime(time, true),
      rows: this.series().map((s) => ({ label: s.label, color: s.color, value: this.formatValue(s.values[index]) })),
      dots: this.series().flatMap((s) => {
        const value = s.values[index];
        return value === null || value === undefined ? [] : [{ y: this.y(value), color: s.color }];
      }),
    };
  });

  private x(index: number): number {
    const count = this.times().length;
    const span = this.right - this.left;
    return count <= 1 ? this.left + span / 2 : this.left + (index * span) / (count - 1);
  }

  private y(value: number): number {
    return this.bottom - (value / this.scale().max) * (this.bottom - this.top);
  }

  private formatValue(value: number | null | undefined): string {
    return value === null || value === undefined ? '–' : this.format(value);
  }

  private format(value: number): string {
    if (this.unit() === 'ms') {
      return value >= 1000 ? `${formatNumber(value / 1000, 1)} s` : `${formatNumber(value, 0)} ms`;
    }
    return new Intl.NumberFormat(this.locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
  }

  private formatTime(iso: string, full: boolean): string {
    const daily = this.bucketSeconds() >= 86_400;
    const format = full ? (daily ? 'EEE, MMM d' : 'MMM d, HH:mm') : daily ? 'MMM d' : this.times().length > 24 ? 'MMM d HH:mm' : 'HH:mm';
    return formatDate(iso, format, this.locale);
  }
}

function formatNumber(value: number, digits: number): string {
  return value.toLocaleString(undefined, { maximumFractionDigits: digits });
}
