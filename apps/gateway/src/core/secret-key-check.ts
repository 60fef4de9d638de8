import { DataSource } from 'typeorm';
import { SecretBox } from './secret-box';

/** Row in `configuration` holding a value sealed under SECRET_KEY; never listed as a setting. */
export const SECRET_KEY_CHECK = '_secretKeyCheck';
const PLAINTEXT = 'switchyard-secret-key-check';

export class SecretKeyMismatchError extends Error {
  constructor() {
    super(
      'SECRET_KEY does not match the key this database was encrypted with: stored upstream API keys cannot be ' +
        'decrypted. Start with the original SECRET_KEY (or DATA_DIR/secret-key).',
    );
    this.name = 'SecretKeyMismatchError';
  }
}

/** Fails at start-up, not at the first request, when SECRET_KEY changed under existing data. */
export async function verifySecretKey(dataSource: DataSource, box: SecretBox): Promise<void> {
  const rows: { value: string }[] = await dataSource.query("SELECT value #>> '{}' AS value FROM configuration WHERE key = $1", [
    SECRET_KEY_CHECK,
  ]);
  if (rows.length > 0) {
    let plain: string | null = null;
    try {
      plain = box.decrypt(rows[0].value);
    } catch {
      plain = null;
    }
    if (plain !== PLAINTEXT) throw new SecretKeyMismatchError();
    return;
  }
  const sealedKeys: { api_key_encrypted: string }[] = await dataSource.query('SELECT api_key_encrypted FROM apis LIMIT 1');
  if (sealedKeys.length > 0) {
    try {
      box.decrypt(sealedKeys[0].api_key_encrypted);
    } catch {
      throw new SecretKeyMismatchError();
    }
  }
  await dataSource.query('INSERT INTO configuration (key, value) VALUES ($1, to_jsonb($2::text)) ON CONFLICT (key) DO NOTHING', [
    SECRET_KEY_CHECK,
    box.encrypt(PLAINTEXT),
  ]);
}
