import { randomInt } from 'node:crypto';
import { RoutedAlias, RoutedApi, RoutingSnapshot } from './routing-snapshot';

/**
 * The upstream API for one call: `priority` takes the enabled target with the lowest priority number;
 * `weighted` draws among enabled targets in proportion to their weights. Null when none is enabled.
 */
export function pickTarget(alias: RoutedAlias, snapshot: RoutingSnapshot): RoutedApi | null {
  const candidates = alias.targets
    .map((t) => ({ target: t, api: snapshot.apis.get(t.apiId) }))
    .filter((c): c is { target: RoutedAlias['targets'][number]; api: RoutedApi } => !!c.api?.enabled);
  if (candidates.length === 0) return null;
  if (alias.strategy === 'weighted') {
    const total = candidates.reduce((sum, c) => sum + Math.max(0, c.target.weight), 0);
    if (total > 0) {
      let ticket = randomInt(total);
      for (const c of candidates) {
        ticket -= Math.max(0, c.target.weight);
        if (ticket < 0) return c.api;
      }
    }
  }
  return candidates.reduce((best, c) => (c.target.priority < best.target.priority ? c : best)).api;
}
