import type { Config } from 'jest';
import { baseConfig } from './jest.config';

/**
 * `npm run test:services`: specs that need the machine's PostgreSQL (127.0.0.1:5432, or
 * TEST_DATABASE_URL) and Redis (127.0.0.1:6379), several gateway instances, and the compiled gateway
 * (`dist/`, built by `.ci/run` before; the global setup builds it when missing).
 */
const config: Config = {
  ...baseConfig,
  roots: ['<rootDir>/apps/gateway'],
  testMatch: ['**/*.services.e2e-spec.ts'],
  passWithNoTests: false,
  globalSetup: '<rootDir>/apps/gateway/test/support/services-global-setup.ts',
  globalTeardown: undefined,
  testTimeout: 120_000,
};

export default config;
