import { BudgetPeriod, UserResponse, UserWithKeyResponse } from '@switchyard/contracts';
import { ApiUserEntity } from './api-user.entity';
import { spentInCurrentPeriod } from './budget-period';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/** Entity → wire type. The key hash never leaves the service (the column is `select: false` as well). */
export function toUserResponse(user: ApiUserEntity): UserResponse {
  return {
    id: user.id,
    name: user.name,
    keyPrefix: user.keyPrefix,
    allowedModels: [...user.allowedModels],
    rateLimitRpm: user.rateLimitRpm,
    rateLimitTpm: user.rateLimitTpm,
    budgetUsd: user.budgetUsd,
    budgetPeriod: user.budgetPeriod,
    spentUsd: spentInCurrentPeriod(user.spentUsd, user.spentPeriodStart, user.budgetPeriod),
    enabled: user.enabled,
    expiresAt: iso(user.expiresAt),
    lastUsedAt: iso(user.lastUsedAt),
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

export function toUserWithKeyResponse(user: ApiUserEntity, apiKey: string): UserWithKeyResponse {
  return { ...toUserResponse(user), apiKey };
}

/** What the proxy needs to authenticate and authorise a key; carries the hash, so never sent to clients. */
export interface UserKeyHolder {
  id: string;
  name: string;
  keyHash: string;
  allowedModels: string[];
  rateLimitRpm: number | null;
  rateLimitTpm: number | null;
  budgetUsd: number | null;
  budgetPeriod: BudgetPeriod;
  /** Spend in the current budget period as of loading (0 when the recorded period is over). */
  spentUsd: number;
  enabled: boolean;
  expiresAt: Date | null;
}

export function toKeyHolder(user: ApiUserEntity): UserKeyHolder {
  return {
    id: user.id,
    name: user.name,
    keyHash: user.keyHash,
    allowedModels: [...user.allowedModels],
    rateLimitRpm: user.rateLimitRpm,
    rateLimitTpm: user.rateLimitTpm,
    budgetUsd: user.budgetUsd,
    budgetPeriod: user.budgetPeriod,
    spentUsd: spentInCurrentPeriod(user.spentUsd, user.spentPeriodStart, user.budgetPeriod),
    enabled: user.enabled,
    expiresAt: user.expiresAt,
  };
}
