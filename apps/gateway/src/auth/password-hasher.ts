import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * One of OWASP's equivalent scrypt settings: N=2^15, r=8, p=3 (32 MiB per hash; about the work of their
 * N=2^17, r=8, p=1 at a quarter of the memory). Every sign-in attempt hashes, and 128 MiB per attempt,
 * up to four at once on libuv's threads, made the admin login the process's highest memory peak.
 * Stored hashes carry their parameters: those made with N=2^17 (before) still verify.
 */
const N = 2 ** 15;
const R = 8;
const P = 3;
const KEY_LENGTH = 64;
/** Enough for the former N=2^17, r=8 (128 MiB); OpenSSL refuses a hash that would need more. */
const MAX_MEM = 256 * 1024 * 1024;
/** How today's hashes start: the algorithm and its parameters. */
const CURRENT_PREFIX = `scrypt$${Math.log2(N)}$${R}$${P}$`;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { N: n, r, p, maxmem: MAX_MEM }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** Format: `scrypt$<log2 N>$<r>$<p>$<salt b64>$<hash b64>`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return `${CURRENT_PREFIX}${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, logN, r, p, salt, hash] = parts;
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), 2 ** Number(logN), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Was this stored hash made with other parameters than today's (an earlier version's)? */
export function needsRehash(stored: string): boolean {
  return !stored.startsWith(CURRENT_PREFIX);
}

/** A hash of a random password, verified against when the username is unknown (same timing either way). */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
}
