import * as path from 'node:path';
import { EnvError, loadEnv } from './env';

describe('loadEnv', () => {
  it('fills defaults: port 3000, ./data, embedded database, log level "log"', () => {
    const env = loadEnv({}, '/srv/app');
    expect(env.port).toBe(3000);
    expect(env.dataDir).toBe(path.resolve('/srv/app', 'data'));
    expect(env.databaseUrl).toBeUndefined();
    expect(env.nodeEnv).toBe('development');
    expect(env.logLevel).toBe('log');
    expect(env.trustProxy).toBe(false);
  });

  it('requires SECRET_KEY in production', () => {
    expect(() => loadEnv({ NODE_ENV: 'production' })).toThrow(/SECRET_KEY is required/);
    expect(loadEnv({ NODE_ENV: 'production', SECRET_KEY: 'x'.repeat(32) }).isProduction).toBe(true);
  });

  it('lists every problem at once, naming each variable', () => {
    try {
      loadEnv({ PORT: 'abc', DATABASE_URL: 'mysql://x', SECRET_KEY: 'short', LOG_LEVEL: 'loud', ADMIN_USERNAME: 'root' });
      throw new Error('expected an EnvError');
    } catch (err) {
      expect(err).toBeInstanceOf(EnvError);
      const message = (err as EnvError).message;
      for (const name of ['PORT', 'DATABASE_URL', 'SECRET_KEY', 'LOG_LEVEL', 'ADMIN_USERNAME and ADMIN_PASSWORD'])
        expect(message).toContain(name);
    }
  });

  it('treats empty values as unset and parses TRUST_PROXY', () => {
    const env = loadEnv({ DATABASE_URL: '', TRUST_PROXY: 'true', PORT: '8080' });
    expect(env.databaseUrl).toBeUndefined();
    expect(env.trustProxy).toBe(true);
    expect(env.port).toBe(8080);
  });
});
