// Browser tests (npm run test:browser): the built app and the example SPA driven by Debian's Chromium
// through playwright-core. Same ESM/swc transform as jest.config.cjs; no database global setup: each
// suite starts `node dist/src/main.js` on its own embedded database in a temp VAR_DIR.
const base = require('./jest.config.cjs');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: base.extensionsToTreatAsEsm,
  transform: base.transform,
  moduleNameMapper: base.moduleNameMapper,
  testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
  testTimeout: 60000,
};
