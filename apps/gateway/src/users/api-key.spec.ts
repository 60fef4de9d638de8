import { createHash } from 'node:crypto';
import { API_KEY_RANDOM_LENGTH, generateApiKey, hashApiKey, issueApiKey, keyDisplayPrefix } from './api-key';

const KEY_FORMAT = /^sk-[0-9A-Za-z]{48}$/;

describe('api keys', () => {
  it('generates sk- + 48 base62 characters', () => {
    for (let i = 0; i < 100; i++) expect(generateApiKey()).toMatch(KEY_FORMAT);
  });

  it('never repeats a key', () => {
    const keys = new Set(Array.from({ length: 2000 }, () => generateApiKey()));
    expect(keys.size).toBe(2000);
  });

  it('uses all 62 characters evenly (no modulo bias)', () => {
    const counts = new Map<string, number>();
    const samples = 4000;
    for (let i = 0; i < samples; i++) {
      for (const ch of generateApiKey().slice(3)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    expect(counts.size).toBe(62);
    // A `byte % 62` generator draws 8 characters 21% more often than average. Here each character is
    // expected ~3097 times with a standard deviation of ~55 (1.8%), so ±12% is over 6 sigma either way.
    const expected = (samples * API_KEY_RANDOM_LENGTH) / 62;
    const ratios = [...counts.values()].map((n) => n / expected);
    expect(Math.max(...ratios)).toBeLessThan(1.12);
    expect(Math.min(...ratios)).toBeGreaterThan(0.88);
  });

  it('hashes with sha256 hex', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const key = generateApiKey();
    expect(hashApiKey(key)).toBe(createHash('sha256').update(key).digest('hex'));
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('shows the first 11 characters as the display prefix', () => {
    expect(keyDisplayPrefix('sk-AbCdEfGhIjKl')).toBe('sk-AbCdEfGh');
  });

  it('issues a key together with its hash and prefix', () => {
    const issued = issueApiKey();
    expect(issued.key).toMatch(KEY_FORMAT);
    expect(issued.hash).toBe(hashApiKey(issued.key));
    expect(issued.prefix).toBe(issued.key.slice(0, 11));
    expect(issued.key.startsWith(issued.prefix)).toBe(true);
  });
});
