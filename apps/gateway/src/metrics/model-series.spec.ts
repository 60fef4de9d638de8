import { Counter, Histogram, Registry } from 'prom-client';
import { MAX_MODELS, ModelHistogram, ModelStatusCounter, OVERFLOW_MODEL } from './model-series';

const BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

describe('per-model metrics', () => {
  it('prints a histogram exactly as prom-client does, bounds, overflow and odd label values included', async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const mine = new ModelHistogram('h_seconds', 'help "text"\\n', BUCKETS, ours);
    const reference = new Histogram({
      name: 'h_seconds',
      help: 'help "text"\\n',
      labelNames: ['model'],
      buckets: BUCKETS,
      registers: [theirs],
    });
    const values = [0, 0.05, 0.050001, 0.1, 1.5, 120, 120.5, 9_999, -1, 0.3];
    ['gpt-4o', 'a"b\\c\nd', 'none', 'gpt-4o'].forEach((model, m) => {
      for (const v of values.slice(m)) {
        mine.observe(model, v);
        reference.observe({ model }, v);
      }
    });
    const text = await ours.metrics();
    expect(text).toBe(await theirs.metrics());
    expect(text).toMatch(/^h_seconds_bucket\{le="\+Inf",model="gpt-4o"\} 17$/m);
    expect(text).toMatch(/^h_seconds_bucket\{le="0.05",model="gpt-4o"\} 4$/m);
  });

  it('counts calls by model and status class as prom-client does', async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const mine = new ModelStatusCounter('c_total', 'calls', ours);
    const reference = new Counter({ name: 'c_total', help: 'calls', labelNames: ['model', 'status'], registers: [theirs] });
    const calls: [string, number][] = [
      ['chat', 200],
      ['chat', 201],
      ['none', 404],
      ['chat', 503],
      ['embed', 200],
      ['none', 0],
      ['chat', 1000], // not an HTTP status: still counted under its own label
      ['none', -5],
      ['chat', 499],
    ];
    for (const [model, status] of calls) {
      mine.inc(model, status);
      reference.inc({ model, status: `${Math.floor(status / 100)}xx` });
    }
    const lines = async (registry: Registry) => (await registry.metrics()).split('\n').sort();
    expect(await lines(ours)).toEqual(await lines(theirs));
    expect(await ours.metrics()).toMatch(/^c_total\{model="chat",status="2xx"\} 2$/m);
  });

  it('ignores a value that is not a finite number instead of throwing', async () => {
    const registry = new Registry();
    const h = new ModelHistogram('h', 'h', BUCKETS, registry);
    h.observe('m', Number.NaN);
    h.observe('m', Infinity);
    expect(await registry.metrics()).not.toContain('h_count');
    h.observe('m', 0.2);
    expect(await registry.metrics()).toMatch(/^h_count\{model="m"\} 1$/m);
  });

  it(`keeps at most ${MAX_MODELS} models apart; later ones share ${OVERFLOW_MODEL}`, async () => {
    const registry = new Registry();
    const counter = new ModelStatusCounter('c_total', 'calls', registry);
    for (let i = 0; i < MAX_MODELS + 5; i++) counter.inc(`m${i}`, 200);
    counter.inc('m0', 200); // known models keep their own series
    counter.inc(`m${MAX_MODELS + 7}`, 200);
    const text = await registry.metrics();
    expect(text.match(/^c_total\{/gm)).toHaveLength(MAX_MODELS + 1);
    expect(text).toMatch(/^c_total\{model="m0",status="2xx"\} 2$/m);
    expect(text).toMatch(new RegExp(`^c_total\\{model="\\(other\\)",status="2xx"\\} 6$`, 'm'));
    expect(text).not.toContain(`model="m${MAX_MODELS}"`);
  });

  it('empties on reset and leaves the registry on clear', async () => {
    const registry = new Registry();
    const h = new ModelHistogram('h', 'h', BUCKETS, registry);
    h.observe('m', 1);
    registry.resetMetrics();
    expect(await registry.metrics()).not.toContain('h_count');
    h.observe('m', 1);
    expect(await registry.metrics()).toMatch(/^h_count\{model="m"\} 1$/m);
    registry.clear();
    expect(registry.getSingleMetric('h')).toBeUndefined();
  });
});
