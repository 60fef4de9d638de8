import type { Config } from 'jest';
import { baseConfig } from './jest.config';

/** `npm run test:services`: specs that need Redis or several gateway instances on one PostgreSQL. */
const config: Config = {
  ...baseConfig,
  roots: ['<rootDir>/apps/gateway'],
  testMatch: ['**/*.services.e2e-spec.ts'],
  passWithNoTests: false,
};

export default config;
