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

  candidates(alias: RoutedAlias, snapshot: RoutingSnapshot): RoutedApi[] {
    const ordered = orderTargets(alias, snapshot, this.random);
    if (ordered.length === 0) throw errors.noUpstream(alias.alias);
    const policy = this.breakers.policy();
    const healthy = ordered.filter((api) => this.breakers.for(api.id).isAvailable(policy));
    if (healthy.length === 0) throw errors.allTargetsOpen(alias.alias);
    return healthy;
  }
}
