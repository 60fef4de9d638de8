import type { Config } from 'jest';
import { baseConfig } from '../../../jest.config';

// The e2e support starts its own gateway (and that gateway its own embedded PostgreSQL, unless
// TEST_DATABASE_URL is set), so the root config's embedded test database is not needed here.
const { globalSetup: _globalSetup, globalTeardown: _globalTeardown, ...base } = baseConfig;

/** `npm run e2e` (apps/admin/e2e/run.mjs): the admin app in Chromium against the built gateway. */
const config: Config = {
  ...base,
  roots: ['<rootDir>/apps/admin/e2e'],
  testMatch: ['**/*.e2e.ts'],
  // One browser and one gateway at a time; each step still bounds its own waits (about 10 s).
  maxWorkers: 1,
  testTimeout: 60_000,
};

export default config;
