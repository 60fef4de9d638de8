import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { DataSource } from 'typeorm';
import { AuditLogEntity } from '../audit/audit-log.entity';
import { AuditService } from '../audit/audit.service';
import { SecretBox } from '../core/secret-box';
import { SECRET_KEY_CHECK, SecretKeyMismatchError, verifySecretKey } from '../core/secret-key-check';
import { CommandError, withDataSource } from './admin-commands';

export const MIN_SECRET_KEY_LENGTH = 32;

/**
 * The new key from `--new-key-file`: its first line, or, when the file does not exist, a new random
 * key written there (0600) so the operator has it to configure.
 */
export async function readOrCreateKeyFile(file: string): Promise<{ key: string; created: boolean }> {
  try {
    return { key: (await fs.readFile(file, 'utf8')).split(/\r?\n/)[0].trim(), created: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key = randomBytes(32).toString('base64url');
  await fs.writeFile(file, key + '\n', { mode: 0o600, flag: 'wx' });
  return { key, created: true };
}

/**
 * Re-encrypts every stored upstream key from `currentKey` to `newKey` in one transaction. Refuses
 * (nothing changed) unless the current key decrypts the check row and every stored key. The check row
 * is removed in the transaction and re-sealed under the new key right after it (until then the gateway
 * would verify the new key against the re-encrypted keys instead, which also holds).
 * @returns how many upstream keys were re-encrypted
 */
export async function rotateSecretKey(databaseUrl: string, currentKey: string, newKey: string): Promise<number> {
  if (newKey.length < MIN_SECRET_KEY_LENGTH) throw new CommandError(`the new key must be at least ${MIN_SECRET_KEY_LENGTH} characters`);
  if (newKey === currentKey) throw new CommandError('the new key is the current key');
  const current = new SecretBox(currentKey);
  const next = new SecretBox(newKey);
  return withDataSource(databaseUrl, async (ds: DataSource) => {
    try {
      await verifySecretKey(ds, current);
    } catch (err) {
      if (err instanceof SecretKeyMismatchError)
        throw new CommandError('the current SECRET_KEY does not decrypt this database; nothing changed');
      throw err;
    }
    const count = await ds.transaction(async (m) => {
      const rows: { id: string; api_key_encrypted: string }[] = await m.query(
        'SELECT id, api_key_encrypted FROM apis ORDER BY id FOR UPDATE',
      );
      const resealed = rows.map((row) => {
        try {
          return { id: row.id, sealed: next.encrypt(current.decrypt(row.api_key_encrypted)) };
        } catch {
          throw new CommandError(`the current SECRET_KEY does not decrypt the key of API ${row.id}; nothing changed`);
        }
      });
      for (const row of resealed) await m.query('UPDATE apis SET api_key_encrypted = $2 WHERE id = $1', [row.id, row.sealed]);
      await m.query('DELETE FROM configuration WHERE key = $1', [SECRET_KEY_CHECK]);
      return resealed.length;
    });
    await verifySecretKey(ds, next);
    await new AuditService(ds.getRepository(AuditLogEntity)).record(
      'secret_key.rotate',
      null,
      null,
      { via: 'cli', reencrypted: count },
      null,
    );
    return count;
  });
}
