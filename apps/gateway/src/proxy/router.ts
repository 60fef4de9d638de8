import { Injectable } from '@nestjs/common';
import { CircuitBreakers } from './circuit-breaker';
import { errors } from './openai-error';
import { RoutedAlias, RoutedApi, RoutingSnapshot } from './routing-snapshot';
import { orderTargets, Random } from './target-picker';

/**
 * Chooses the upstream APIs a call may try, in order: the alias's strategy, minus the targets whose
 * circuit breaker is open. Throws the OpenAI-shaped 503 when there is nothing to try.
 */
@Injectable()
export class Router {
  /** Replaced by tests to make weighted draws repeatable. */
  random: Random = Math.random;

  constructor(private readonly breakers: CircuitBreakers) {}

  candidates(alias: RoutedAlias, snapshot: RoutingSnapshot): readonly RoutedApi[] {
    const ordered = orderTargets(alias, snapshot, this.random);
    if (ordered.length === 0) throw errors.noUpstream(alias.alias);
    const policy = this.breakers.policy();
    const healthy = keepAll(ordered, (api) => this.breakers.for(api.id).isAvailable(policy));
    if (healthy.length === 0) throw errors.allTargetsOpen(alias.alias);
    return healthy;
  }
}

/**
 * `list.filter(keep)`, but `list` itself when every item is kept — the usual case on the proxy's path
 * (every breaker closed, every provider serving the endpoint), which then copies nothing per call.
 */
export function keepAll<T>(list: readonly T[], keep: (item: T) => boolean): readonly T[] {
  let kept: T[] | null = null;
  for (let i = 0; i < list.length; i++) {
    if (keep(list[i])) kept?.push(list[i]);
    else kept ??= list.slice(0, i);
  }
  return kept ?? list;
}
