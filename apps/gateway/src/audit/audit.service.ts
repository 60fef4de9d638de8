import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AuditEntry, AuditPage } from '@switchyard/contracts';
import { Repository } from 'typeorm';
import { decodeCursor, encodeCursor } from '../logs/cursor';
import { AuditLogEntity } from './audit-log.entity';

/** What a mutation touched: `{ type: 'api', id }`, `{ type: 'setting', id: 'corsOrigins' }`. */
export interface AuditTarget {
  type: string;
  id: string | null;
}

/** Who acted: the signed-in admin, or only a claimed username (failed sign-in), or nobody (CLI). */
export interface AuditActor {
  adminId: string | null;
  username: string;
}

/** Field names whose values never enter the trail, whatever object a caller passes. */
const SECRET_FIELDS = /^(apiKey|apiKeyEncrypted|keyHash|password|passwordHash|secret.*|token)$/i;

interface AuditRow {
  id: string;
  created_at: string;
  admin_id: string | null;
  admin_username: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  before: unknown;
  after: unknown;
}

/**
 * The audit trail. Callers pass wire views (`toApiResponse`, ...) that carry no secrets; as a second
 * line, fields named like secrets are dropped before the row is written.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(@InjectRepository(AuditLogEntity) private readonly rows: Repository<AuditLogEntity>) {}

  /**
   * Records one mutation after it succeeded. `actor` is required so no caller can forget who acted:
   * the signed-in admin (controllers pass it down), a claimed username, or null for the CLI. A failed
   * write is logged, not thrown: the change itself is already committed.
   */
  async record(action: string, target: AuditTarget | null, before: unknown, after: unknown, actor: AuditActor | null): Promise<void> {
    try {
      await this.rows.insert({
        adminId: actor?.adminId ?? null,
        adminUsername: actor?.username.slice(0, 64) ?? null,
        action,
        targetType: target?.type ?? null,
        targetId: target?.id?.slice(0, 100) ?? null,
        before: jsonOrNull(before),
        after: jsonOrNull(after),
      });
    } catch (err) {
      this.logger.error(`could not record audit entry ${action}: ${(err as Error).message}`);
    }
  }

  /** Newest first, keyset-paged on (created_at, id). */
  async page(limit: number, cursor?: string): Promise<AuditPage> {
    const after = cursor ? decodeCursor(cursor) : null;
    const params: unknown[] = [limit + 1];
    let where = '';
    if (after) {
      params.push(after.createdAt, after.id);
      where = 'WHERE (created_at, id) < ($2::timestamptz, $3::bigint)';
    }
    const rows: AuditRow[] = await this.rows.query(
      `SELECT id::text AS id, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at,
              admin_id, admin_username, action, target_type, target_id, before, after
         FROM audit_log ${where}
        ORDER BY created_at DESC, id DESC
        LIMIT $1`,
      params,
    );
    const items = rows.slice(0, limit).map(toAuditEntry);
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return { items, nextCursor: last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null };
  }
}

function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    createdAt: row.created_at,
    adminId: row.admin_id,
    adminUsername: row.admin_username,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    before: row.before,
    after: row.after,
  };
}

/** TypeORM types jsonb insert values loosely; null is what an absent side is stored as. */
function jsonOrNull(value: unknown): object {
  return (withoutSecrets(value) ?? null) as object;
}

/** A deep copy without secret-named fields (undefined stays undefined). */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) if (!SECRET_FIELDS.test(key)) copy[key] = withoutSecrets(field);
  return copy;
}
