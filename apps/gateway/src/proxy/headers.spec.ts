import { bearerToken, presentedKey } from './headers';

describe('bearerToken', () => {
  it('reads the token after the scheme, in any case, past any whitespace', () => {
    expect(bearerToken('Bearer sk-abc')).toBe('sk-abc');
    expect(bearerToken('bearer sk-abc')).toBe('sk-abc');
    expect(bearerToken('BEARER\tsk-abc')).toBe('sk-abc');
    expect(bearerToken('  Bearer    sk-abc  ')).toBe('sk-abc');
    expect(bearerToken('Bearer\u00a0sk-abc')).toBe('sk-abc');
  });

  it('refuses another scheme, a missing token, or no space after the scheme', () => {
    for (const value of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ', 'Bearer    ', 'Bearersk-abc', 'Bear sk-abc', '', 'sk-abc'])
      expect(bearerToken(value)).toBeNull();
  });

  it('agrees with the regular expression it replaced', () => {
    const old = (value: string): string | null => /^Bearer\s+(.+)$/i.exec(value.trim())?.[1].trim() ?? null;
    const samples = [
      'Bearer a',
      'bEaReR  a b ',
      'Bearer\x0ba',
      'Bearer\fa',
      'Bearer \t',
      'Bearer:a',
      ' Bearer',
      'Bearer\u00a0\u00a0x',
      'Bearerr a',
      'BEARER a',
      'bEARER\ta',
      'Dearer a',
      'Bearer\u00e9 a',
      '\u0142earer a',
    ];
    for (const value of samples) expect(bearerToken(value)).toBe(old(value));
  });
});

describe('presentedKey', () => {
  it('takes the bearer token first, then x-api-key', () => {
    expect(presentedKey({ authorization: 'Bearer sk-1', 'x-api-key': 'sk-2' })).toBe('sk-1');
    expect(presentedKey({ authorization: 'Basic abc', 'x-api-key': ' sk-2 ' })).toBe('sk-2');
    expect(presentedKey({})).toBeNull();
  });
});
