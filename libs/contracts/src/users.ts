export type BudgetPeriod = 'day' | 'month' | 'total';

/** Body of `POST /api/users`. */
export interface CreateUserRequest {
  name: string;
  /** Alias names this key may call; `*` allows every alias. */
  allowedModels: string[];
  /** Requests per minute; null/unset = the `defaultRateLimitRpm` setting, 0 = no limit. */
  rateLimitRpm?: number | null;
  /** Tokens per minute; null/unset = the default setting, 0 = no limit. */
  rateLimitTpm?: number | null;
  budgetUsd?: number | null;
  budgetPeriod?: BudgetPeriod;
  expiresAt?: string | null;
  enabled?: boolean;
}

export type UpdateUserRequest = Partial<CreateUserRequest>;

/** An API user (a client key holder). The key itself is only ever returned by create and rotate. */
export interface UserResponse {
  id: string;
  name: string;
  keyPrefix: string;
  allowedModels: string[];
  rateLimitRpm: number | null;
  rateLimitTpm: number | null;
  budgetUsd: number | null;
  budgetPeriod: BudgetPeriod;
  spentUsd: number;
  enabled: boolean;
  expiresAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Create and rotate-key answers: the user plus its new key, shown once. */
export interface UserWithKeyResponse extends UserResponse {
  apiKey: string;
}
