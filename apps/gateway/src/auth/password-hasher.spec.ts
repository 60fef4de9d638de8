import { randomBytes, scryptSync } from 'node:crypto';
import { hashPassword, needsRehash, verifyPassword } from './password-hasher';

describe('password hashes', () => {
  it('are scrypt N=2^15, r=8, p=3 with a random salt, and verify only the same password (NFKC)', async () => {
    const hash = await hashPassword('correct horse ﬁ');
    expect(hash).toMatch(/^scrypt\$15\$8\$3\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{86}==$/);
    expect(await hashPassword('correct horse ﬁ')).not.toBe(hash);
    await expect(verifyPassword('correct horse ﬁ', hash)).resolves.toBe(true);
    await expect(verifyPassword('correct horse fi', hash)).resolves.toBe(true); // ﬁ is fi under NFKC
    await expect(verifyPassword('correct horse', hash)).resolves.toBe(false);
  });

  it('still verify a hash stored with the former N=2^17, r=8, p=1', async () => {
    const salt = randomBytes(16);
    const key = scryptSync('legacy password', salt, 64, { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 });
    const stored = ['scrypt', 17, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
    await expect(verifyPassword('legacy password', stored)).resolves.toBe(true);
    await expect(verifyPassword('legacy passwort', stored)).resolves.toBe(false);
    expect(needsRehash(stored)).toBe(true);
    expect(needsRehash(await hashPassword('legacy password'))).toBe(false);
  });

  it('refuse a stored value that is not a hash of this form', async () => {
    for (const stored of ['', 'plain', 'bcrypt$10$x$y$z$w', 'scrypt$15$8$3$c2FsdA=='])
      await expect(verifyPassword('x', stored)).resolves.toBe(false);
  });
});
