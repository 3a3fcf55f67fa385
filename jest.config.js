/**
 * Jest runs TypeScript through SWC (no type-check here: `npm run typecheck` does that).
 *
 * Two projects: `sqlite` runs every test; `postgresql` runs the gateway-level integration files
 * again with every subgraph on a throwaway PostgreSQL (one server for the run, a database per service). It is one suite run
 * twice, not a copy: the files do not name a database, tests/support/stack.ts takes it from the
 * project (tests/support/provider.ts). scripts/test.mjs sets PG_BIN when PostgreSQL is installed
 * and says loudly when it is not (CI refuses to skip it).
 */
export const base = {
  // Third-party CommonJS packages load once per jest worker, not once per file, and the files'
  // Date, Error and collections are the realm those packages run in: the suite's CPU went from 868
  // to 677 s (tests/support/shared-modules-runtime.cjs says why and what it gives up).
  testEnvironment: './tests/support/shared-intrinsics-environment.cjs',
  runtime: '<rootDir>/tests/support/shared-modules-runtime.cjs',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } }],
  },
  // ESM-only packages pulled in by Fastify/Mercurius must go through the transform too.
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|cookie)/)'],
  testPathIgnorePatterns: ['/node_modules/', '/data/', '<rootDir>/.stryker-tmp/'],
  // Stryker's sandboxes (a copy of the repo) while a mutation run is going on.
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
};

/** The gateway-level integration tests, run on both databases. */
export const BOTH_DATABASES = [
  'tests/authorization.test.ts', 'tests/workflows.test.ts', 'tests/hardening.test.ts', 'tests/metering.test.ts',
  'tests/log-redaction.test.ts', 'tests/no-outbound.test.ts', 'tests/admission.test.ts', 'tests/loans.test.ts',
  'tests/monitoring.test.ts',
  // Persons in monitoring (issue 14): the person change log, consents covering monitoring, disclosure at delivery.
  'tests/monitoring-persons.test.ts',
  // The response cache (issue 18): its answers and invalidation on both databases.
  'tests/response-cache.test.ts', 'tests/cache-invalidation.test.ts',
  // The catalogue's disclosure attribute in the loaders' SQL, through the cache (issue 13).
  'tests/item-disclosure-cache.test.ts',
  // Keys' lifecycle columns and their batched last-used writes (issue 19).
  'tests/keys.test.ts',
  // creditStatistics (issue 16): three subgraphs' parts of one entity.
  'tests/statistics.test.ts',
  // Persons' own repair (issue 16): its table, the penalty's status and the access log.
  'tests/person-repair.test.ts',
  // Natural-person collection (issue 13): forwarded to the person subgraph, written in its database.
  'tests/collect-person-records.test.ts',
  // Social-organisation items collected into the social-org subgraph (issue 13).
  'tests/collect-org-records.test.ts',
  // Rate limits shared by several gateways through PostgreSQL (issue 18; skipped on SQLite).
  'tests/shared-rate-limits.test.ts',
];

export default {
  testTimeout: 60000,
  // One PostgreSQL server for the run, shared by every file that needs one (tests/support/postgres.ts).
  globalSetup: '<rootDir>/tests/support/global-setup.mjs',
  globalTeardown: '<rootDir>/tests/support/global-teardown.mjs',
  // The longest files first on a fresh clone too, where jest knows no times (tests/support/sequencer.mjs).
  testSequencer: '<rootDir>/tests/support/sequencer.mjs',
  // One worker per core. Jest's default leaves one core to itself (cores - 1: a single worker on a
  // two-core machine), but an integration file spends much of its time waiting on its subgraphs'
  // sockets, its PostgreSQL server or a child process, so a second file fits beside it: the suite
  // ran in 754 s with one worker on a two-core machine (CI, 2026-12-07). Every file is independent:
  // servers on port 0, temporary directories, databases of its own on the run's PostgreSQL server.
  maxWorkers: '100%',
  // On two cores jest would run every file in its own main process, one after the other, and that
  // process's heap grows with each file's servers and modules until it runs out (~4 GB after ~90
  // files). A memory limit makes jest run the files in a worker that is replaced once it has grown
  // past the limit after a file.
  workerIdleMemoryLimit: '1536MB',
  projects: [
    { ...base, displayName: 'sqlite', testMatch: ['<rootDir>/**/*.test.ts'] },
    ...(process.env.PG_BIN ? [{
      ...base,
      displayName: 'postgresql',
      testMatch: BOTH_DATABASES.map((f) => `<rootDir>/${f}`),
      globals: { CREDITGRAPH_TEST_PROVIDER: 'postgresql' },
    }] : []),
  ],
};
