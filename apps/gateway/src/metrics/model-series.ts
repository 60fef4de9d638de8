import type { Metric, Registry } from 'prom-client';

/**
 * Distinct `model` values one metric keeps apart. Models are admin-defined aliases (or `none`), so this
 * is not reached in practice; past it, new values are counted under OVERFLOW_MODEL, so that no flood of
 * values can grow the memory without end.
 */
export const MAX_MODELS = 1_000;
/** Cannot be an alias (letters, digits and . _ : / - only). */
export const OVERFLOW_MODEL = '(other)';

/** What a prom-client metric's `get()` answers, as its Registry reads it. */
interface MetricValues {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  values: { labels: Record<string, string | number>; value: number; metricName?: string }[];
}

/** One cell per model value, made on first use. */
class ByModel<T> {
  private readonly cells = new Map<string, T>();

  constructor(private readonly create: () => T) {}

  cell(model: string): T {
    const cell = this.cells.get(model);
    if (cell !== undefined) return cell;
    const key = this.cells.size >= MAX_MODELS ? OVERFLOW_MODEL : model;
    let made = this.cells.get(key);
    if (made === undefined) this.cells.set(key, (made = this.create()));
    return made;
  }

  entries(): IterableIterator<[string, T]> {
    return this.cells.entries();
  }

  clear(): void {
    this.cells.clear();
  }
}

/**
 * The part of prom-client's metric interface its Registry uses (`name`, `help`, `type`, `get`,
 * `reset`), over plain numbers per model: prom-client's own metrics build, validate and hash a label
 * object on every call, which showed up in the proxy's CPU profile. What the registry prints is the
 * same as for prom-client's Counter and Histogram (model-series.spec.ts compares them).
 */
abstract class ModelMetric {
  abstract readonly type: 'counter' | 'histogram';
  readonly aggregator = 'sum';

  constructor(
    public name: string,
    readonly help: string,
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Metric);
  }

  abstract get(): Promise<MetricValues>;
  abstract reset(): void;
}

/** Status classes `0xx`..`9xx` have a slot each; any other status (not an HTTP one) a labelled entry. */
interface StatusCounts {
  classes: Float64Array;
  others?: Map<string, number>;
}

/** A counter labelled `{model, status}`, the status being the class of an HTTP status (`2xx`). */
export class ModelStatusCounter extends ModelMetric {
  readonly type = 'counter';
  private readonly series = new ByModel<StatusCounts>(() => ({ classes: new Float64Array(10) }));

  inc(model: string, statusCode: number): void {
    const cls = Math.floor(statusCode / 100);
    const counts = this.series.cell(model);
    if (cls >= 0 && cls <= 9) counts.classes[cls]++;
    else {
      const status = `${cls}xx`;
      counts.others ??= new Map();
      counts.others.set(status, (counts.others.get(status) ?? 0) + 1);
    }
  }

  get(): Promise<MetricValues> {
    const values: MetricValues['values'] = [];
    for (const [model, counts] of this.series.entries()) {
      counts.classes.forEach((value, cls) => {
        if (value > 0) values.push({ labels: { model, status: `${cls}xx` }, value });
      });
      for (const [status, value] of counts.others ?? []) values.push({ labels: { model, status }, value });
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator });
  }

  reset(): void {
    this.series.clear();
  }
}

interface Buckets {
  /** Observations per bucket (not cumulative); the last slot is above the highest bound. */
  counts: Float64Array;
  sum: number;
  count: number;
}

/** A histogram labelled `{model}`. */
export class ModelHistogram extends ModelMetric {
  readonly type = 'histogram';
  private readonly series: ByModel<Buckets>;

  constructor(
    name: string,
    help: string,
    private readonly upperBounds: readonly number[],
    registry: Registry,
  ) {
    super(name, help, registry);
    this.series = new ByModel(() => ({ counts: new Float64Array(upperBounds.length + 1), sum: 0, count: 0 }));
  }

  /** A value that is not a finite number is ignored (prom-client threw). */
  observe(model: string, value: number): void {
    if (!Number.isFinite(value)) return;
    const bounds = this.upperBounds;
    let bucket = 0;
    while (bucket < bounds.length && value > bounds[bucket]) bucket++;
    const series = this.series.cell(model);
    series.counts[bucket]++;
    series.sum += value;
    series.count++;
  }

  get(): Promise<MetricValues> {
    const values: MetricValues['values'] = [];
    const bucket = `${this.name}_bucket`;
    for (const [model, { counts, sum, count }] of this.series.entries()) {
      let cumulative = 0;
      this.upperBounds.forEach((le, i) => {
        cumulative += counts[i];
        values.push({ labels: { le, model }, value: cumulative, metricName: bucket });
      });
      values.push(
        { labels: { le: '+Inf', model }, value: count, metricName: bucket },
        { labels: { model }, value: sum, metricName: `${this.name}_sum` },
        { labels: { model }, value: count, metricName: `${this.name}_count` },
      );
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator });
  }

  reset(): void {
    this.series.clear();
  }
}
