// ESM mode: NestJS 12 ships ESM only, and jest's CommonJS loader cannot require() it on Node 20.
/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
      target: 'es2022',
    },
    module: { type: 'es6' },
  },
];
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': swc,
    // @fastify/static (the /docs UI) require()s content-disposition 2, which is ESM only: Node 20
    // loads that natively, jest's CommonJS loader does not before Node 24.9. Compiled to CommonJS here.
    'node_modules/.+/content-disposition/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@fastify/static/node_modules/)?content-disposition/)'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  // One database per worker (test/utils/global-setup.ts); each test file connects to its worker's.
  maxWorkers: 3,
  globalSetup: '<rootDir>/test/utils/global-setup.ts',
  setupFiles: ['<rootDir>/test/utils/worker-database.ts'],
  // Every response a test receives through supertest is checked against the API document.
  setupFilesAfterEnv: ['<rootDir>/test/utils/response-contract.setup.ts'],
  globalTeardown: '<rootDir>/test/utils/global-teardown.ts',
  testTimeout: 30000,
};
