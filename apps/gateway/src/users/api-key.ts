import { createHash, randomInt } from 'node:crypto';

/** Every client key starts with this, so leaked keys are recognisable (secret scanners, logs). */
export const API_KEY_PREFIX = 'sk-';
/** 48 base62 characters ≈ 285 bits of entropy. */
export const API_KEY_RANDOM_LENGTH = 48;
/** `sk-` + 8 characters: enough to tell keys apart in the admin app, far too little to guess the rest. */
export const KEY_DISPLAY_PREFIX_LENGTH = 11;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A freshly issued key and what the database keeps of it. */
export interface IssuedApiKey {
  /** The plain key: handed to the admin once, never stored. */
  key: string;
  /** sha256 hex of the key (`api_users.key_hash`). */
  hash: string;
  /** The first characters, for display (`api_users.key_prefix`). */
  prefix: string;
}

/** `sk-` + 48 base62 characters from the CSPRNG; randomInt rejects out-of-range draws, so no modulo bias. */
export function generateApiKey(): string {
  let random = '';
  for (let i = 0; i < API_KEY_RANDOM_LENGTH; i++) random += BASE62[randomInt(BASE62.length)];
  return API_KEY_PREFIX + random;
}

/**
 * sha256 hex of a client key. Keys carry enough entropy that a fast unsalted hash is safe, and it lets
 * the proxy find a user by key with one lookup.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function keyDisplayPrefix(key: string): string {
  return key.slice(0, KEY_DISPLAY_PREFIX_LENGTH);
}

export function issueApiKey(): IssuedApiKey {
  const key = generateApiKey();
  return { key, hash: hashApiKey(key), prefix: keyDisplayPrefix(key) };
}
