/** One audit trail row: who changed what, when, and the object before and after (never secrets). */
export interface AuditEntry {
  /** bigint id as a decimal string. */
  id: string;
  createdAt: string;
  /** null: no signed-in admin (a CLI, or a failed sign-in). */
  adminId: string | null;
  adminUsername: string | null;
  /** `<resource>.<verb>`: `api.create`, `user.rotate_key`, `admin.disable`, `auth.login_failed`, ... */
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
}

/** `GET /api/audit`: newest first; pass `nextCursor` back as `cursor` for the next page (null: no more). */
export interface AuditPage {
  items: AuditEntry[];
  nextCursor: string | null;
}
