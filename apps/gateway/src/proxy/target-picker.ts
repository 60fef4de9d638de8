import { RoutedAlias, RoutedApi, RoutingSnapshot } from './routing-snapshot';

type Target = RoutedAlias['targets'][number];

/** A number in [0, 1), like Math.random; injectable so tests can seed it. */
export type Random = () => number;

/**
 * The alias's enabled targets in the order to try them. `priority`: lowest priority number first, ties
 * in target order. `weighted`: a weighted random permutation — the first drawn in proportion to the
 * weights, then the next among the rest, and so on; zero-weight targets come last, by priority.
 */
export function orderTargets(alias: RoutedAlias, snapshot: RoutingSnapshot, random: Random = Math.random): readonly RoutedApi[] {
  // Same snapshot, same priority order: computed once per alias and snapshot, not per call.
  if (alias.strategy !== 'weighted') return snapshot.fixedOrder(alias, () => drawOrder(alias, snapshot, random));
  return drawOrder(alias, snapshot, random);
}

function drawOrder(alias: RoutedAlias, snapshot: RoutingSnapshot, random: Random): RoutedApi[] {
  const enabled = alias.targets
    .map((target) => ({ target, api: snapshot.apis.get(target.apiId) }))
    .filter((c): c is { target: Target; api: RoutedApi } => !!c.api?.enabled);
  const byPriority = (list: typeof enabled) =>
    list
      .map((c, i) => ({ c, i }))
      .sort((a, b) => a.c.target.priority - b.c.target.priority || a.i - b.i)
      .map(({ c }) => c);
  if (alias.strategy !== 'weighted') return byPriority(enabled).map((c) => c.api);

  const pool = enabled.filter((c) => c.target.weight > 0);
  const order: RoutedApi[] = [];
  while (pool.length > 0) {
    const total = pool.reduce((sum, c) => sum + c.target.weight, 0);
    let ticket = random() * total;
    let index = pool.findIndex((c) => (ticket -= c.target.weight) < 0);
    if (index < 0) index = pool.length - 1; // floating-point edge: random() * total rounded up to total
    order.push(pool.splice(index, 1)[0].api);
  }
  return [...order, ...byPriority(enabled.filter((c) => c.target.weight <= 0)).map((c) => c.api)];
}
