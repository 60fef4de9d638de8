import { BadRequestException } from '@nestjs/common';
import { In, EntityManager } from 'typeorm';
import { ApiEntity } from '../apis/api.entity';
import { DEFAULT_PRIORITY, DEFAULT_WEIGHT } from './dto/alias-fields';

export interface RequestedTarget {
  apiId: string;
  weight: number;
  priority: number;
  /** The request field it came from, for error messages: `apiId` or `targets.0.apiId`. */
  field: string;
}

interface TargetFields {
  apiId?: string;
  targets?: { apiId: string; weight?: number; priority?: number }[];
}

/**
 * The target set a create or update asks for, defaults filled in: from `apiId` (one target) or
 * `targets`. Undefined when an update leaves the targets alone; 400 when both are given, or neither
 * on create.
 */
export function requestedTargets(body: TargetFields, required: boolean): RequestedTarget[] | undefined {
  if (body.apiId !== undefined && body.targets !== undefined) {
    throw new BadRequestException('give either apiId (one target) or targets, not both');
  }
  if (body.apiId !== undefined)
    return [{ apiId: body.apiId.toLowerCase(), weight: DEFAULT_WEIGHT, priority: DEFAULT_PRIORITY, field: 'apiId' }];
  if (body.targets !== undefined) {
    return body.targets.map((t, i) => ({
      apiId: t.apiId.toLowerCase(),
      weight: t.weight ?? DEFAULT_WEIGHT,
      priority: t.priority ?? DEFAULT_PRIORITY,
      field: `targets.${i}.apiId`,
    }));
  }
  if (required) throw new BadRequestException('apiId or targets is required: an alias needs at least one target API');
  return undefined;
}

/** 400 naming the first field whose API does not exist (checked inside the caller's transaction). */
export async function assertTargetApisExist(manager: EntityManager, targets: RequestedTarget[]): Promise<void> {
  const found = await manager.find(ApiEntity, { select: { id: true }, where: { id: In(targets.map((t) => t.apiId)) } });
  const known = new Set(found.map((a) => a.id));
  const missing = targets.find((t) => !known.has(t.apiId));
  if (missing) throw new BadRequestException(`${missing.field}: API ${missing.apiId} does not exist`);
}
