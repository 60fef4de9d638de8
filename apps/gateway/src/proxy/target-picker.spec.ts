import type { ConfigurationService } from '../configuration/configuration.service';
import { CircuitBreakers } from './circuit-breaker';
import { Router } from './router';
import { RoutedAlias, RoutedApi, RoutingSnapshot } from './routing-snapshot';
import { orderTargets } from './target-picker';

function api(id: string, enabled = true): RoutedApi {
  return {
    id,
    name: id,
    provider: 'openai',
    baseUrl: 'http://x/v1',
    apiKey: 'k',
    model: 'm',
    apiVersion: null,
    extraHeaders: {},
    timeoutMs: 1000,
    enabled,
    inputPricePerMTok: 0,
    outputPricePerMTok: 0,
    allowPrivateNetwork: false,
  };
}

function alias(strategy: RoutedAlias['strategy'], targets: RoutedAlias['targets']): RoutedAlias {
  return { id: 'a', alias: 'chat', strategy, enabled: true, targets, createdAt: new Date() };
}

/** A seeded generator (mulberry32), so the draws are repeatable. */
function seeded(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const snapshot = new RoutingSnapshot([], [], [api('a'), api('b'), api('c'), api('off', false)]);

describe('orderTargets', () => {
  it('orders priority targets by priority number, ties in target order, disabled ones left out', () => {
    const order = orderTargets(
      alias('priority', [
        { apiId: 'c', weight: 1, priority: 2 },
        { apiId: 'off', weight: 1, priority: 0 },
        { apiId: 'b', weight: 1, priority: 1 },
        { apiId: 'a', weight: 1, priority: 1 },
      ]),
      snapshot,
    );
    expect(order.map((a) => a.id)).toEqual(['b', 'a', 'c']);
  });

  it('draws a weighted permutation: first pick in proportion to weights (10,000 seeded draws)', () => {
    const random = seeded(42);
    const route = alias('weighted', [
      { apiId: 'a', weight: 3, priority: 0 },
      { apiId: 'b', weight: 1, priority: 0 },
    ]);
    let firstA = 0;
    for (let i = 0; i < 10_000; i++) {
      const order = orderTargets(route, snapshot, random).map((a) => a.id);
      expect(order.sort()).toEqual(['a', 'b']);
      if (orderTargets(route, snapshot, random)[0].id === 'a') firstA++;
    }
    expect(firstA / 10_000).toBeGreaterThan(0.74);
    expect(firstA / 10_000).toBeLessThan(0.76);
  });

  it('picks the second among the rest by weight, and puts zero weights last', () => {
    const route = alias('weighted', [
      { apiId: 'a', weight: 0, priority: 0 },
      { apiId: 'b', weight: 1, priority: 0 },
      { apiId: 'c', weight: 3, priority: 0 },
    ]);
    // 0.9 × 4 = 3.6 falls in c's share [1, 4); then only b is left with weight.
    expect(orderTargets(route, snapshot, () => 0.9).map((a) => a.id)).toEqual(['c', 'b', 'a']);
    expect(orderTargets(route, snapshot, () => 0.1).map((a) => a.id)).toEqual(['b', 'c', 'a']);
  });

  it('computes a priority order once per snapshot: the same list every call, a new one from the next snapshot', () => {
    const route = alias('priority', [
      { apiId: 'b', weight: 1, priority: 1 },
      { apiId: 'a', weight: 1, priority: 0 },
    ]);
    const first = orderTargets(route, snapshot);
    expect(first.map((a) => a.id)).toEqual(['a', 'b']);
    expect(orderTargets(route, snapshot)).toBe(first);

    // A reload (API a disabled) builds a new snapshot, whose order is its own.
    const reloaded = new RoutingSnapshot([], [], [api('a', false), api('b')]);
    expect(orderTargets(route, reloaded).map((a) => a.id)).toEqual(['b']);
    expect(orderTargets(route, snapshot)).toBe(first);
  });

  it('returns nothing when no target is enabled', () => {
    expect(orderTargets(alias('weighted', [{ apiId: 'off', weight: 1, priority: 0 }]), snapshot)).toEqual([]);
  });
});

describe('Router.candidates', () => {
  const settings = { breakerFailureThreshold: 1, breakerCooldownSeconds: 60 } as Record<string, number>;
  const configuration = { get: (name: string) => settings[name] } as unknown as ConfigurationService;
  const snapshot = new RoutingSnapshot([], [], [api('a'), api('b'), api('c')]);
  const route = alias('priority', [
    { apiId: 'a', weight: 1, priority: 0 },
    { apiId: 'b', weight: 1, priority: 1 },
    { apiId: 'c', weight: 1, priority: 2 },
  ]);
  let breakers: CircuitBreakers;
  let router: Router;
  const open = (id: string) => {
    const breaker = breakers.for(id);
    expect(breaker.tryAcquire(breakers.policy())).toBe(true);
    breaker.record({ kind: 'failure', reason: '503 from upstream' }, breakers.policy());
  };

  beforeEach(() => {
    breakers = new CircuitBreakers(configuration);
    router = new Router(breakers);
  });

  it('returns the alias order itself while every breaker is closed (no copy per call)', () => {
    const first = router.candidates(route, snapshot);
    expect(first.map((a) => a.id)).toEqual(['a', 'b', 'c']);
    expect(router.candidates(route, snapshot)).toBe(first);
  });

  it('leaves out the targets whose breaker is open, in order, without touching the shared order', () => {
    const shared = router.candidates(route, snapshot);
    open('b');
    expect(router.candidates(route, snapshot).map((a) => a.id)).toEqual(['a', 'c']);
    open('a');
    expect(router.candidates(route, snapshot).map((a) => a.id)).toEqual(['c']);
    expect(shared.map((a) => a.id)).toEqual(['a', 'b', 'c']);
  });

  it('refuses with 503 when every breaker is open, and when no target is enabled', () => {
    for (const id of ['a', 'b', 'c']) open(id);
    expect(() => router.candidates(route, snapshot)).toThrow(expect.objectContaining({ status: 503, code: 'upstream_unavailable' }));
    const none = alias('priority', [{ apiId: 'missing', weight: 1, priority: 0 }]);
    expect(() => router.candidates(none, snapshot)).toThrow(expect.objectContaining({ status: 503, code: 'no_upstream_available' }));
  });
});
