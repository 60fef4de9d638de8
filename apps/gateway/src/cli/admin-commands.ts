import { AdminAccount } from '@switchyard/contracts';
import { randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MAX_ADMIN_PASSWORD, MIN_ADMIN_PASSWORD } from '../admins/dto/admin-fields';
import { toAdminAccount } from '../admins/admin-mapper';
import { AuditLogEntity } from '../audit/audit-log.entity';
import { AuditService } from '../audit/audit.service';
import { endAdminSessions } from '../auth/admin-sessions';
import { AdminUserEntity } from '../auth/admin-user.entity';
import { hashPassword } from '../auth/password-hasher';
import { dataSourceOptions } from '../core/database';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const GENERATED_LENGTH = 24;

/** A command the operator got wrong (unknown admin, weak password): exit 1 with the message, no stack. */
export class CommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandError';
  }
}

/** 24 characters from a 57-letter alphabet without look-alikes: ~140 bits. */
export function generatePassword(): string {
  return Array.from({ length: GENERATED_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

/** Opens a small DataSource on a migrated database, runs `work`, and always closes it. */
export async function withDataSource<T>(databaseUrl: string, work: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = new DataSource(dataSourceOptions(databaseUrl, { extra: { max: 2, application_name: 'switchyard-cli' } }));
  await ds.initialize();
  try {
    return await work(ds);
  } finally {
    await ds.destroy();
  }
}

export function listAdmins(databaseUrl: string): Promise<AdminAccount[]> {
  return withDataSource(databaseUrl, async (ds) =>
    (await ds.getRepository(AdminUserEntity).find({ order: { username: 'ASC' } })).map(toAdminAccount),
  );
}

/**
 * For a locked-out operator: sets a new password (the given one, or a generated one), re-enables the
 * admin and ends their sessions, all in one transaction, then records it in the audit trail.
 * @returns the password now in force
 */
export async function resetAdminPassword(databaseUrl: string, username: string, password = generatePassword()): Promise<string> {
  if (password.length < MIN_ADMIN_PASSWORD || password.length > MAX_ADMIN_PASSWORD)
    throw new CommandError(`the password must be ${MIN_ADMIN_PASSWORD} to ${MAX_ADMIN_PASSWORD} characters long`);
  const passwordHash = await hashPassword(password);
  await withDataSource(databaseUrl, async (ds) => {
    const id = await ds.transaction(async (m) => {
      const admin = await m.findOneBy(AdminUserEntity, { username });
      if (!admin) throw new CommandError(`no admin named "${username}" (npm run admin -- list shows them)`);
      await m.update(AdminUserEntity, { id: admin.id }, { passwordHash, disabled: false, disabledAt: null });
      await endAdminSessions(m, admin.id);
      return admin.id;
    });
    await new AuditService(ds.getRepository(AuditLogEntity)).record(
      'admin.reset_password',
      { type: 'admin', id },
      null,
      { via: 'cli', disabled: false },
      null,
    );
  });
  return password;
}
