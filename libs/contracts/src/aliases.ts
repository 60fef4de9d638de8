export type AliasStrategy = 'priority' | 'weighted';

export interface AliasTargetInput {
  apiId: string;
  weight?: number;
  priority?: number;
}

export interface AliasTarget {
  apiId: string;
  apiName: string;
  weight: number;
  priority: number;
}

/** Body of `POST /api/aliases`: give either `apiId` (one target) or `targets`. */
export interface CreateAliasRequest {
  alias: string;
  description?: string;
  strategy?: AliasStrategy;
  enabled?: boolean;
  apiId?: string;
  targets?: AliasTargetInput[];
}

export type UpdateAliasRequest = Partial<CreateAliasRequest>;

export interface AliasResponse {
  id: string;
  alias: string;
  description: string;
  strategy: AliasStrategy;
  enabled: boolean;
  targets: AliasTarget[];
  createdAt: string;
  updatedAt: string;
}
