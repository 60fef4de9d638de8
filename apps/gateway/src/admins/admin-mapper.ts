import { AdminAccount } from '@switchyard/contracts';
import { AdminUserEntity } from '../auth/admin-user.entity';

/** Entity → wire type, field by field: the password hash cannot slip through. */
export function toAdminAccount(admin: AdminUserEntity): AdminAccount {
  return {
    id: admin.id,
    username: admin.username,
    disabled: admin.disabled,
    lastLoginAt: admin.lastLoginAt ? admin.lastLoginAt.toISOString() : null,
    createdAt: admin.createdAt.toISOString(),
  };
}

/** What the audit trail keeps of an admin. */
export function auditView(admin: AdminAccount): { username: string; disabled: boolean } {
  return { username: admin.username, disabled: admin.disabled };
}
