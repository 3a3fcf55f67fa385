// Mutation testing (StrykerJS): each mutant is a one-line breakage of a module that carries a
// promise (who is calling, who may see what, limits, metering, the config that switches them); a
// mutant the tests do not notice is a promise without a test.
//
// The run is split into groups (GROUPS below), each a set of modules with the unit tests that test
// them, and `node scripts/mutation.mjs` (`npm run test:mutation`) runs Stryker once per group and
// merges the reports into one score. Why groups: per-test coverage limits a mutant to the tests
// that cover it, but jest still loads every test file it is given, and a mutant in a module's top
// level (a "static" mutant: a constant, a zod schema) is covered by no test in particular, so it
// runs all of them. Given every unit test under gateway/ and lib/ with --findRelatedTests, a
// mutant of lib/caller.ts (which the subgraphs, the DB layer and the HTTP layer import) loaded
// and, when static, ran the tests that start servers: ~45 s a mutant. A group's tests are the
// unit tests of its modules, none of which starts a server; what only the integration tests under
// tests/ would catch shows here as survived (npm test runs those).
import { base } from './jest.config.js';

// As scripts/test.mjs runs jest: in China Standard Time, offline, and on SQLite only (the tests
// that start their own PostgreSQL skip it: once per mutant would dominate the run).
Object.assign(process.env, {
  TZ: process.env.TZ || 'Asia/Shanghai',
  APOLLO_TELEMETRY_DISABLED: 'true',
  CHECKPOINT_DISABLE: '1',
  PG_BIN: '/nonexistent',
});

/**
 * The promise modules, by group: `mutate` are the modules, `tests` the unit tests that run against
 * their mutants. Every mutant loads all its group's test files (jest's cost is per file, a few
 * seconds on this machine), so a group is as small as its tests allow.
 */
export const GROUPS = {
  authentication: {
    mutate: ['gateway/authenticate.ts'],
    tests: ['gateway/authenticate.test.ts'],
  },
  caller: {
    mutate: ['lib/caller.ts'],
    tests: ['lib/caller.test.ts'],
  },
  // The config loaders, one group per loader's tests: a config module is its zod schema, built when
  // the module loads, so nearly every mutant is static (see groupOptions) and runs every test file of
  // its group; the schema is the promise itself (defaults, bounds, production's refusals), so they
  // are not ignored. Split from one `config` group (310 mutants against four test files, 47 min)
  // so that a mutant loads only the tests of its own loader. No test here starts a subgraph.
  'config-gateway': {
    mutate: ['gateway/config.ts'],
    tests: ['gateway/config.test.ts'],
    ignoreStatic: false,
  },
  'config-lib': {
    mutate: ['lib/config.ts'],
    // Its own tests only: every loader's tests pass through lib/config.ts, but what the shared
    // settings promise is said once, in lib/config.test.ts.
    tests: ['lib/config.test.ts'],
    ignoreStatic: false,
  },
  // One group per subgraph's loader too: in one group of four test files each static mutant loaded
  // all four (10 min 14 s for their 124 mutants at load 9–14).
  'config-person': {
    mutate: ['subgraphs/person/config.ts'],
    tests: ['subgraphs/person/config.test.ts'],
    ignoreStatic: false,
  },
  'config-finance': {
    mutate: ['subgraphs/finance/config.ts'],
    tests: ['subgraphs/finance/config.test.ts'],
    ignoreStatic: false,
  },
  'config-platform': {
    mutate: ['subgraphs/platform/config.ts'],
    tests: ['subgraphs/platform/config.test.ts'],
    ignoreStatic: false,
  },
  'config-social-org': {
    mutate: ['subgraphs/social-org/config.ts'],
    tests: ['subgraphs/social-org/config.test.ts'],
    ignoreStatic: false,
  },
  // Apart from the other subgraphs' since its tests started the subgraph (a static mutant runs every
  // test of its group); they no longer do: the calendar's effect on deadlines is in holiday-calendar.test.ts.
  'config-enterprise': {
    mutate: ['subgraphs/enterprise/config.ts'],
    tests: ['subgraphs/enterprise/config.test.ts'],
    // As the other config groups: the zod schema is the promise, and nearly every mutant is static.
    ignoreStatic: false,
  },
  authorization: {
    mutate: ['gateway/authorization/**/*.ts'],
    tests: ['gateway/authorization/**/*.test.ts'],
  },
  // The operation's analysis (one walk: subjects, probes, cost) and the limits on its shape.
  analysis: {
    mutate: ['gateway/analysis/analyze.ts', 'gateway/analysis/result.ts', 'gateway/analysis/subjects.ts'],
    // limits.test.ts too: it tests the cost tree the analysis builds (a `first` from a variable).
    tests: ['gateway/analysis/analyze.test.ts', 'gateway/analysis/metering.test.ts', 'gateway/analysis/limits.test.ts'],
  },
  limits: {
    mutate: ['gateway/analysis/gate.ts', 'gateway/analysis/limits.ts', 'gateway/analysis/cost.ts'],
    tests: ['gateway/analysis/gate.test.ts', 'gateway/analysis/limits.test.ts'],
  },
  metering: {
    mutate: ['gateway/metering/index.ts', 'gateway/metering/rate-limit.ts', 'gateway/metering/reports.ts'],
    tests: ['gateway/metering/admission.test.ts', 'gateway/metering/rate-limit.test.ts', 'gateway/metering/reports.test.ts'],
  },
  usage: {
    mutate: ['gateway/metering/usage.ts'],
    // usage-recorder.test.ts: the bookkeeping over an in-memory store; usage.test.ts: the rows written.
    tests: ['gateway/metering/usage-recorder.test.ts', 'gateway/metering/usage.test.ts'],
  },
  // The rules alone: the matrix of who sees withheld records over the real subgraph is
  // withheld-records.test.ts (npm test runs it), not loaded for every mutant.
  'rules-enterprise': {
    mutate: ['subgraphs/enterprise/rules.ts'],
    tests: ['subgraphs/enterprise/rules.test.ts'],
  },
  'rules-person': {
    mutate: ['subgraphs/person/rules.ts'],
    tests: ['subgraphs/person/rules.test.ts'],
  },
  rules: {
    mutate: ['subgraphs/finance/rules.ts', 'subgraphs/social-org/rules.ts', 'subgraphs/platform/rules.ts', 'lib/principals.ts'],
    // Not the enterprise's and person's rules tests: they load their subgraph's test support (its
    // DB layer and server) for every mutant; lib/principals.test.ts asks what they ask.
    tests: ['subgraphs/finance/rules.test.ts', 'subgraphs/social-org/rules.test.ts', 'subgraphs/platform/rules.test.ts', 'lib/principals.test.ts'],
  },
};

const notTests = ['!**/*.test.ts', '!**/test-support.ts'];

/**
 * Stryker's options for one group (scripts/mutation.mjs names it in MUTATION_GROUP).
 *
 * Static mutants are ignored (counted as "ignored", outside the score) except where a group says
 * otherwise: a static mutant changes a value computed once when its module loads (a constant, a
 * lookup table), so per-test coverage cannot narrow it and Stryker runs every test of the group,
 * beforeAll hooks included, for each; in the authorization group 41% of the mutants were static and
 * Stryker estimated them at 84% of the run. What those values mean is tested where it is a promise
 * (the policies' table, the caller header's name), through the functions that use them.
 */
/** As scripts/mutation.mjs reads them: a --lines run's reports apart from the whole group's. */
const reportDir = (name) => (process.env.MUTATION_LINES ? `reports/mutation/lines/${name}` : `reports/mutation/${name}`);

export function groupOptions(name) {
  const group = GROUPS[name];
  if (!group) throw new Error(`unknown mutation group ${name}: one of ${Object.keys(GROUPS).join(', ')}`);
  return {
    ...common,
    // scripts/mutation.mjs --lines: only the line ranges a change touched (`file:start-end`).
    mutate: [...(process.env.MUTATION_LINES ? JSON.parse(process.env.MUTATION_LINES) : group.mutate), ...notTests],
    jest: {
      projectType: 'custom',
      config: { ...base, testTimeout: 60000, testMatch: group.tests.map((t) => `<rootDir>/${t}`) },
      // The group's tests are already the related ones; per-test coverage narrows each mutant further.
      enableFindRelatedTests: false,
    },
    htmlReporter: { fileName: `${reportDir(name)}/index.html` },
    jsonReporter: { fileName: `${reportDir(name)}/mutation.json` },
    incrementalFile: `reports/mutation/${name}/incremental.json`,
    ignoreStatic: group.ignoreStatic ?? true,
    tempDirName: `.stryker-tmp/${name}`,
  };
}

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const common = {
  packageManager: 'npm',
  testRunner: 'jest',
  testRunnerNodeArgs: ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning'],
  coverageAnalysis: 'perTest',
  // Anchored at the root: a bare 'reports' also left lib/reports/ and subgraphs/enterprise/reports/
  // out of the sandbox, and every test importing them failed to load.
  ignorePatterns: ['/data', '/bench', '/reports', '/coverage', '/.tmp', '/.stryker-tmp', '/docs', '/console/dist'],
  // Two runners: a whole run at one took too long for a working session on this 2-core machine.
  concurrency: 2,
  timeoutMS: 20000,
  dryRunTimeoutMinutes: 20,
  thresholds: { high: 90, low: 80, break: null },
  reporters: ['clear-text', 'progress', 'html', 'json'],
  cleanTempDir: 'always',
};

/**
 * Without MUTATION_GROUP (a bare `npx stryker run`): every group's modules against every group's
 * tests in one run, which costs each static mutant all of them; scripts/mutation.mjs runs groups.
 */
function allGroups() {
  const all = Object.values(GROUPS);
  GROUPS.all = { mutate: all.flatMap((g) => g.mutate), tests: [...new Set(all.flatMap((g) => g.tests))] };
  try { return groupOptions('all'); } finally { delete GROUPS.all; }
}

export default process.env.MUTATION_GROUP ? groupOptions(process.env.MUTATION_GROUP) : allGroups();
