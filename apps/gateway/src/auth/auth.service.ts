import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AdminMe } from '@switchyard/contracts';
import { randomInt } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Env } from '../core/env';
import { AdminUserEntity } from './admin-user.entity';
import { decoyHash, hashPassword, needsRehash, verifyPassword } from './password-hasher';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @InjectRepository(AdminUserEntity) private readonly admins: Repository<AdminUserEntity>,
    private readonly env: Env,
    private readonly audit: AuditService,
  ) {}

  /**
   * The admin for these credentials, or null; an unknown user costs the same hash as a wrong password,
   * and a disabled admin gets the same answer as a wrong password. Both outcomes go to the audit trail.
   */
  async validate(username: string, password: string): Promise<AdminMe | null> {
    const admin = await this.admins
      .createQueryBuilder('a')
      .addSelect('a.passwordHash')
      .where('a.username = :username', { username })
      .getOne();
    const ok = await verifyPassword(password, admin?.passwordHash ?? (await decoyHash()));
    if (!admin || !ok || admin.disabled) {
      const target = admin ? { type: 'admin', id: admin.id } : null;
      await this.audit.record('auth.login_failed', target, null, { username }, { adminId: null, username });
      return null;
    }
    // A hash from an earlier version's parameters (N=2^17: 128 MiB per sign-in) is replaced now that
    // the password is known.
    const rehashed = needsRehash(admin.passwordHash) ? { passwordHash: await hashPassword(password) } : {};
    await this.admins.update(admin.id, { lastLoginAt: new Date(), ...rehashed });
    const me = { id: admin.id, username: admin.username };
    await this.audit.record('auth.login', { type: 'admin', id: admin.id }, null, null, { adminId: admin.id, username: admin.username });
    return me;
  }

  /** The admin of a session; null when deleted or disabled since (the session then counts as signed out). */
  async findById(id: string): Promise<AdminMe | null> {
    const admin = await this.admins.findOneBy({ id });
    return admin && !admin.disabled ? { id: admin.id, username: admin.username } : null;
  }

  /**
   * First start: creates the admin from ADMIN_USERNAME/ADMIN_PASSWORD (never printed) or, without them,
   * `admin` with a generated password printed once and written to DATA_DIR/initial-admin-password (0600).
   */
  async ensureInitialAdmin(): Promise<void> {
    if ((await this.admins.count()) > 0) return;
    const username = this.env.adminUsername ?? 'admin';
    const generated = this.env.adminPassword === undefined;
    const password = this.env.adminPassword ?? Array.from({ length: 24 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    const result = await this.admins
      .createQueryBuilder()
      .insert()
      .values({ username, passwordHash: await hashPassword(password) })
      .orIgnore()
      .execute();
    if (result.identifiers.length === 0) return; // another instance created it first
    if (!generated) {
      this.logger.log(`created admin "${username}" from ADMIN_USERNAME/ADMIN_PASSWORD`);
      return;
    }
    const file = path.join(this.env.dataDir, 'initial-admin-password');
    await fs.mkdir(this.env.dataDir, { recursive: true, mode: 0o700 });
    await fs.writeFile(file, password + '\n', { mode: 0o600 });
    await fs.chmod(file, 0o600);
    const banner = [
      '',
      '==================================================================',
      ` First start: created admin "${username}" with password:`,
      `   ${password}`,
      ` (also in ${file}; shown only this once — change it after login)`,
      '==================================================================',
      '',
    ].join('\n');
    process.stdout.write(banner + '\n');
  }
}
