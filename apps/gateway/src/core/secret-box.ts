import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Env } from './env';

const VERSION = 'v1';

/** Derives an independent 32-byte key for one purpose from SECRET_KEY (HKDF-SHA256). */
export function deriveKey(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.from('switchyard'), Buffer.from(purpose), 32));
}

/** AES-256-GCM for secrets at rest (upstream API keys). Output: `v1:<base64url iv|tag|ciphertext>`. */
export class SecretBox {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = deriveKey(secret, 'secrets-at-rest');
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** Throws when the value was sealed under another SECRET_KEY or was tampered with. */
  decrypt(sealed: string): string {
    const [version, payload] = sealed.split(':', 2);
    if (version !== VERSION || !payload) throw new Error('unrecognised secret format');
    const raw = Buffer.from(payload, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}

/**
 * SECRET_KEY from the environment; in development, one generated into DATA_DIR/secret-key (0600) on
 * first start and reused after. Production without SECRET_KEY never gets here (env validation).
 */
export async function resolveSecretKey(env: Env, log: (m: string) => void): Promise<string> {
  if (env.secretKey) return env.secretKey;
  const file = path.join(env.dataDir, 'secret-key');
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await fs.mkdir(env.dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  await fs.writeFile(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  log(`generated a development SECRET_KEY in ${file}; set SECRET_KEY in production`);
  return secret;
}
