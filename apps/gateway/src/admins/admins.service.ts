import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { AdminAccount } from '@switchyard/contracts';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '../core/database-errors';
import { AuditActor, AuditService } from '../audit/audit.service';
import { endAdminSessions } from '../auth/admin-sessions';
import { AdminUserEntity } from '../auth/admin-user.entity';
import { hashPassword } from '../auth/password-hasher';
import { auditView, toAdminAccount } from './admin-mapper';

/**
 * Administrator accounts. Disabling, re-passwording or deleting an admin ends that admin's sessions in
 * the same transaction; nobody can disable or delete themselves, and the last enabled admin stays.
 * `actor` is the signed-in admin making the change (null outside a request: no "self" to protect).
 */
@Injectable()
export class AdminsService {
  constructor(
    @InjectRepository(AdminUserEntity) private readonly admins: Repository<AdminUserEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<AdminAccount[]> {
    const rows = await this.admins.find({ order: { username: 'ASC' } });
    return rows.map(toAdminAccount);
  }

  async create(username: string, password: string, actor: AuditActor | null): Promise<AdminAccount> {
    const passwordHash = await hashPassword(password);
    let id: string;
    try {
      const result = await this.admins.insert({ username, passwordHash });
      id = (result.identifiers[0] as { id: string }).id;
    } catch (err) {
      if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) throw new ConflictException(`username "${username}" is already taken`);
      throw err;
    }
    const created = toAdminAccount(await this.load(this.admins.manager, id));
    await this.audit.record('admin.create', { type: 'admin', id }, null, auditView(created), actor);
    return created;
  }

  /**
   * Sets a new password and ends the admin's sessions; on a self-change the caller's own session
   * (`actorSessionId`) survives.
   */
  async changePassword(id: string, password: string, actor: AuditActor | null, actorSessionId?: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    await this.dataSource.transaction(async (m) => {
      await this.load(m, id);
      await m.update(AdminUserEntity, { id }, { passwordHash });
      await endAdminSessions(m, id, actor?.adminId === id ? actorSessionId : undefined);
    });
    await this.audit.record('admin.change_password', { type: 'admin', id }, null, null, actor);
  }

  async setDisabled(id: string, disabled: boolean, actor: AuditActor | null): Promise<AdminAccount> {
    if (disabled) refuseSelf(id, actor, 'disable');
    const { before, after } = await this.dataSource.transaction(async (m) => {
      const admin = await this.load(m, id);
      const was = toAdminAccount(admin);
      if (disabled && !admin.disabled) await this.assertAnotherEnabledAdmin(m, id);
      if (admin.disabled !== disabled) {
        await m.update(AdminUserEntity, { id }, { disabled, disabledAt: disabled ? new Date() : null });
      }
      if (disabled) await endAdminSessions(m, id);
      return { before: was, after: toAdminAccount(await this.load(m, id)) };
    });
    await this.audit.record(disabled ? 'admin.disable' : 'admin.enable', { type: 'admin', id }, auditView(before), auditView(after), actor);
    return after;
  }

  async remove(id: string, actor: AuditActor | null): Promise<void> {
    refuseSelf(id, actor, 'delete');
    const before = await this.dataSource.transaction(async (m) => {
      const admin = await this.load(m, id);
      if (!admin.disabled) await this.assertAnotherEnabledAdmin(m, id);
      await m.delete(AdminUserEntity, { id });
      await endAdminSessions(m, id);
      return toAdminAccount(admin);
    });
    await this.audit.record('admin.delete', { type: 'admin', id }, auditView(before), null, actor);
  }

  /**
   * 409 unless an enabled admin other than `id` remains. Locks the enabled rows, so two admins
   * disabling or deleting each other at once cannot both succeed.
   */
  private async assertAnotherEnabledAdmin(m: EntityManager, id: string): Promise<void> {
    const rows: { id: string }[] = await m.query('SELECT id FROM admin_users WHERE NOT disabled FOR UPDATE');
    if (!rows.some((r) => r.id !== id)) throw new ConflictException('The last enabled admin cannot be disabled or deleted');
  }

  private async load(m: EntityManager, id: string): Promise<AdminUserEntity> {
    const admin = await m.findOneBy(AdminUserEntity, { id });
    if (!admin) throw new NotFoundException(`Admin ${id} not found`);
    return admin;
  }
}

function refuseSelf(id: string, actor: AuditActor | null, verb: string): void {
  if (actor?.adminId === id) throw new ConflictException(`You cannot ${verb} your own account`);
}
