/**
 * The order jest starts the test files in. Jest runs the longest files first when an earlier run on
 * this machine left their times in its cache; without one (a fresh clone: every CI run) it goes by
 * file size, and some of the longest files are short ones that start processes or a browser
 * (gateway-memory.test.ts is 100 lines and ~55 s): started last, one of them ran alone on one core
 * at the end while the other waited. These files start first when jest knows no times, longest
 * first, as measured in an idle run (CI, 2026-12-07); the rest follow jest's own order.
 */
import Sequencer from '@jest/test-sequencer';

const LONGEST = [
  'tests/console/console.test.ts', // ~80 s: a browser, thirteen pages
  'tests/gateway-memory.test.ts', // ~55 s: 300 large documents through a gateway process
  'tests/metering.test.ts', // ~50 s: two gateway processes stopped and killed
  'tests/ingest-runner.test.ts', // ~40 s: runner processes killed, on both databases
  'tests/cache-invalidation.test.ts', // ~30 s
  'tests/gateway-workers.test.ts', // ~25 s: a primary and workers
  'tests/gateway-modes.test.ts', // ~23 s
  'tests/bank-client.test.ts', // ~22 s: two compiler runs
  'prisma/seed/seed.test.ts', // ~22 s
  'tests/hardening.test.ts', // ~16 s
  'subgraphs/platform/monitoring/kill.test.ts', // ~16 s
  'scripts/cli/cli.test.ts', // ~15 s
];

const rank = (path) => {
  const i = LONGEST.findIndex((f) => path.endsWith(`/${f}`));
  return i < 0 ? LONGEST.length : i;
};

export default class LongestFirst extends (Sequencer.default ?? Sequencer) {
  sort(tests) {
    const sorted = super.sort(tests);
    // super.sort sets `duration` from the cache; a file with one is ordered by it already.
    if (sorted.some((t) => t.duration != null)) return sorted;
    return sorted.map((t, i) => ({ t, i })).sort((a, b) => rank(a.t.path) - rank(b.t.path) || a.i - b.i).map(({ t }) => t);
  }
}
