// `npm run test:mutation`: Stryker once per group of promise modules (stryker.config.mjs, GROUPS),
// each against its own unit tests, then one score over every group (see the config for why).
//
//   node scripts/mutation.mjs                      every group, one after the other
//   node scripts/mutation.mjs caller metering      those groups
//   node scripts/mutation.mjs --changed [ref]      the groups whose modules or tests differ from ref (default main)
//   ... -- --incremental                           anything after -- goes to `stryker run` (--incremental
//                                                  re-tests only mutants whose code or tests changed since
//                                                  the group's last run: reports/mutation/<group>/incremental.json)
//
// Writes reports/mutation/<group>/ (html, json) and reports/mutation/summary.md (the table the
// README carries); exits 1 if a group's run fails, not on the score.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { matchesGlob } from 'node:path';
import { GROUPS } from '../stryker.config.mjs';

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const own = dash < 0 ? argv : argv.slice(0, dash);
const strykerArgs = dash < 0 ? [] : argv.slice(dash + 1);

function changedGroups(ref) {
  const diff = spawnSync('git', ['diff', '--name-only', ref, '--'], { encoding: 'utf8' });
  if (diff.status !== 0) throw new Error(`git diff ${ref}: ${diff.stderr}`);
  const files = diff.stdout.split('\n').filter(Boolean);
  return Object.keys(GROUPS).filter((name) => {
    const { mutate, tests } = GROUPS[name];
    return files.some((f) => [...mutate, ...tests].some((glob) => matchesGlob(f, glob)));
  });
}

let names;
if (own[0] === '--changed') {
  names = changedGroups(own[1] ?? 'main');
  if (names.length === 0) {
    console.log('mutation: no promise module or its tests changed');
    process.exit(0);
  }
} else {
  names = own.length ? own : Object.keys(GROUPS);
}
for (const n of names) if (!GROUPS[n]) throw new Error(`unknown group ${n}: one of ${Object.keys(GROUPS).join(', ')}`);

/** Stryker's statuses as its score counts them: errors and ignored mutants are not in it. */
const DETECTED = ['Killed', 'Timeout'];
const UNDETECTED = ['Survived', 'NoCoverage'];

function tally(report) {
  const t = { mutants: 0, Killed: 0, Survived: 0, Timeout: 0, NoCoverage: 0, other: 0 };
  for (const file of Object.values(report.files)) {
    for (const m of file.mutants) {
      t.mutants++;
      if (m.status in t) t[m.status]++;
      else t.other++;
    }
  }
  const detected = DETECTED.reduce((s, k) => s + t[k], 0);
  const valid = detected + UNDETECTED.reduce((s, k) => s + t[k], 0);
  t.score = valid ? (100 * detected) / valid : NaN;
  return t;
}

const minutes = (ms) => `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;
const rows = [];
let failed = false;
const started = Date.now();
for (const name of names) {
  const t0 = Date.now();
  console.log(`\n=== mutation group ${name}: ${GROUPS[name].mutate.join(', ')}`);
  const run = spawnSync(process.execPath, ['node_modules/@stryker-mutator/core/bin/stryker.js', 'run', 'stryker.config.mjs', ...strykerArgs], {
    stdio: 'inherit',
    env: { ...process.env, MUTATION_GROUP: name },
  });
  const file = `reports/mutation/${name}/mutation.json`;
  if (run.status !== 0 || !existsSync(file)) {
    console.error(`mutation: group ${name} failed (exit ${run.status})`);
    failed = true;
    continue;
  }
  rows.push({ name, report: JSON.parse(readFileSync(file, 'utf8')), ms: Date.now() - t0 });
}

const line = (name, t, ms) =>
  `| ${name} | ${t.mutants} | ${t.Killed} | ${t.Survived} | ${t.Timeout} | ${t.NoCoverage} | ${t.score.toFixed(1)}% | ${minutes(ms)} |`;
const table = [
  '| group (modules) | mutants | killed | survived | timeout | no coverage | score | time |',
  '|---|---|---|---|---|---|---|---|',
  ...rows.map(({ name, report, ms }) => line(`${name} (\`${GROUPS[name].mutate.join('`, `')}\`)`, tally(report), ms)),
];
if (rows.length > 1) {
  const merged = { ...rows[0].report, files: Object.assign({}, ...rows.map((r) => r.report.files)) };
  table.push(line('**all**', tally(merged), Date.now() - started).replace(/\| ([\d.]+%) \|/, '| **$1** |'));
  writeFileSync('reports/mutation/mutation.json', JSON.stringify(merged));
}
mkdirSync('reports/mutation', { recursive: true });
writeFileSync('reports/mutation/summary.md', `${table.join('\n')}\n`);
console.log(`\n${table.join('\n')}`);
process.exit(failed ? 1 : 0);
