import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadEnv } from './env';
import { resolveSecretKey, SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox('a'.repeat(40));

  it('round-trips a secret, with a fresh IV each time (no plaintext in the output)', () => {
    const a = box.encrypt('sk-upstream-secret');
    const b = box.encrypt('sk-upstream-secret');
    expect(a).not.toBe(b);
    expect(a).not.toContain('sk-upstream-secret');
    expect(box.decrypt(a)).toBe('sk-upstream-secret');
  });

  it('refuses a value sealed under another key, or tampered with', () => {
    const sealed = box.encrypt('secret');
    expect(() => new SecretBox('b'.repeat(40)).decrypt(sealed)).toThrow();
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => box.decrypt(tampered)).toThrow();
  });
});

describe('resolveSecretKey', () => {
  it('generates a development key into DATA_DIR/secret-key (0600) once, then reuses it', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'switchyard-key-'));
    try {
      const env = loadEnv({ DATA_DIR: dataDir });
      const messages: string[] = [];
      const first = await resolveSecretKey(env, (m) => messages.push(m));
      const stat = await fs.stat(path.join(dataDir, 'secret-key'));
      expect(stat.mode & 0o777).toBe(0o600);
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect(await resolveSecretKey(env, (m) => messages.push(m))).toBe(first);
      expect(messages).toHaveLength(1);
      expect(messages[0]).not.toContain(first);
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });

  it('uses SECRET_KEY when set and writes nothing', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'switchyard-key-'));
    try {
      const key = 'k'.repeat(48);
      expect(await resolveSecretKey(loadEnv({ DATA_DIR: dataDir, SECRET_KEY: key }), () => undefined)).toBe(key);
      await expect(fs.stat(path.join(dataDir, 'secret-key'))).rejects.toThrow();
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
