import { AliasResponse, AliasStrategy, AliasTarget } from '@switchyard/contracts';
import { ModelAliasTargetEntity } from './model-alias-target.entity';
import { ModelAliasEntity } from './model-alias.entity';

/** Routing order: lower priority first; ties by API name so the list is stable. */
function byPriorityThenName(a: AliasTarget, b: AliasTarget): number {
  return a.priority - b.priority || (a.apiName < b.apiName ? -1 : a.apiName > b.apiName ? 1 : 0);
}

function toAliasTarget(target: ModelAliasTargetEntity): AliasTarget {
  return { apiId: target.apiId, apiName: target.api.name, weight: target.weight, priority: target.priority };
}

/** Entity (loaded with `targets.api`) → wire type. */
export function toAliasResponse(alias: ModelAliasEntity): AliasResponse {
  return {
    id: alias.id,
    alias: alias.alias,
    description: alias.description,
    strategy: alias.strategy,
    enabled: alias.enabled,
    targets: alias.targets.map(toAliasTarget).sort(byPriorityThenName),
    createdAt: alias.createdAt.toISOString(),
    updatedAt: alias.updatedAt.toISOString(),
  };
}

/** An alias as the proxy routes it (no API names: the router looks APIs up by id). */
export interface RoutingAlias {
  id: string;
  alias: string;
  strategy: AliasStrategy;
  enabled: boolean;
  targets: { apiId: string; weight: number; priority: number }[];
  createdAt: Date;
}

/** Entity (loaded with `targets`) → routing view, targets in priority order. */
export function toRoutingAlias(alias: ModelAliasEntity): RoutingAlias {
  return {
    id: alias.id,
    alias: alias.alias,
    strategy: alias.strategy,
    enabled: alias.enabled,
    targets: alias.targets.map((t) => ({ apiId: t.apiId, weight: t.weight, priority: t.priority })).sort((a, b) => a.priority - b.priority),
    createdAt: alias.createdAt,
  };
}
