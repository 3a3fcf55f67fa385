// Mutation testing (StrykerJS, `npm run test:mutation`): each mutant is a one-line breakage of a
// module that carries a promise (who is calling, who may see what, limits, metering, the config
// that switches them); a mutant the tests do not notice is a promise without a test.
// Runs the unit tests next to the modules (gateway/, lib/ and the subgraphs' rules): the
// supergraph tests under tests/ and the subgraphs' server tests start servers and would cost
// seconds to minutes per mutant, so what they alone would kill shows here as survived. Slow: run it on the modules you
// changed, `npm run test:mutation -- --mutate lib/caller.ts,gateway/metering/*.ts` (README).
import { base } from './jest.config.js';

// As scripts/test.mjs runs jest: in China Standard Time, offline, and on SQLite only (the tests
// that start their own PostgreSQL skip it: once per mutant would dominate the run).
Object.assign(process.env, {
  TZ: process.env.TZ || 'Asia/Shanghai',
  APOLLO_TELEMETRY_DISABLED: 'true',
  CHECKPOINT_DISABLE: '1',
  PG_BIN: '/nonexistent',
});

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  testRunnerNodeArgs: ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning'],
  jest: {
    projectType: 'custom',
    config: {
      ...base,
      testTimeout: 60000,
      testMatch: ['<rootDir>/{gateway,lib}/**/*.test.ts', '<rootDir>/subgraphs/*/rules.test.ts'],
    },
    enableFindRelatedTests: true,
  },
  coverageAnalysis: 'perTest',
  // Globs, so that modules renamed or split (gateway/analysis/ replacing limits, enforce and
  // analyze; one rules file per subgraph) stay covered.
  mutate: [
    'gateway/authenticate.ts',
    'gateway/config.ts',
    'gateway/authorization/**/*.ts',
    'gateway/analysis/**/*.ts',
    'gateway/metering/**/*.ts',
    'lib/caller.ts',
    'lib/config.ts',
    'lib/principals.ts',
    'subgraphs/*/rules.ts',
    '!**/*.test.ts',
  ],
  ignorePatterns: ['data', 'bench', 'reports', 'coverage', '.tmp', 'docs'],
  concurrency: 1,
  timeoutMS: 20000,
  dryRunTimeoutMinutes: 20,
  thresholds: { high: 90, low: 80, break: null },
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
