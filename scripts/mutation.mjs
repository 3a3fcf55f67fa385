// `npm run test:mutation`: Stryker once per group of promise modules (stryker.config.mjs, GROUPS),
// each against its own unit tests, then one score over every group (see the config for why).
//
//   node scripts/mutation.mjs                      every group, one after the other
//   node scripts/mutation.mjs caller metering      those groups
//   node scripts/mutation.mjs --changed [ref]      the groups whose modules or tests differ from ref (default main)
//   node scripts/mutation.mjs --lines [ref]        only the mutants on the lines of promise modules that differ
//                                                  from ref (default HEAD~1), each group against its tests; exits 1
//                                                  under 80% (what CI runs: minutes, where a group takes up to 45)
//   node scripts/mutation.mjs --report             no run: the table of every group's last report
//   ... -- --incremental                           anything after -- goes to `stryker run` (--incremental
//                                                  re-tests only mutants whose code or tests changed since
//                                                  the group's last run: reports/mutation/<group>/incremental.json)
//
// Writes reports/mutation/<group>/ (html, json; run.json: its time, when it finished and the
// machine's load average during it) and reports/mutation/summary.md (the table the README
// carries); exits 1 if a group's run fails, not on the score.
import { spawn, spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
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

/** `file:start-end` of every line range that differs from ref in the group's modules (additions and changes). */
function changedLines(ref, name) {
  const diff = spawnSync('git', ['diff', '-U0', '--no-color', ref, '--', ...GROUPS[name].mutate.map((g) => `:(glob)${g}`)], { encoding: 'utf8' });
  if (diff.status !== 0) throw new Error(`git diff ${ref}: ${diff.stderr}`);
  const ranges = [];
  let file = null;
  for (const line of diff.stdout.split('\n')) {
    if (line.startsWith('+++ ')) file = line === '+++ /dev/null' ? null : line.slice(6);
    const hunk = /^@@ -\S+ \+(\d+)(?:,(\d+))? @@/.exec(line);
    // A hunk of deletions only (count 0) leaves no line to mutate.
    if (hunk && file && !file.endsWith('.test.ts') && hunk[2] !== '0') {
      const start = Number(hunk[1]);
      ranges.push(`${file}:${start}-${start + Number(hunk[2] ?? 1) - 1}`);
    }
  }
  return ranges;
}

let names;
/** Per group, the line ranges to mutate (--lines); absent: the group's whole modules. */
const lines = {};
const reportOnly = own[0] === '--report';
if (reportOnly) {
  names = [];
} else if (own[0] === '--lines') {
  const ref = own[1] ?? 'HEAD~1';
  for (const name of Object.keys(GROUPS)) {
    const ranges = changedLines(ref, name);
    if (ranges.length) lines[name] = ranges;
  }
  names = Object.keys(lines);
  if (names.length === 0) {
    console.log(`mutation: no line of a promise module differs from ${ref}`);
    process.exit(0);
  }
} else if (own[0] === '--changed') {
  names = changedGroups(own[1] ?? 'main');
  if (names.length === 0) {
    console.log('mutation: no promise module or its tests changed');
    process.exit(0);
  }
} else {
  names = own.length ? own : Object.keys(GROUPS);
}
for (const n of names) if (!GROUPS[n]) throw new Error(`unknown group ${n}: one of ${Object.keys(GROUPS).join(', ')}`);

/** The issue's target for the promise modules, held for the lines a change touches (--lines). */
const LINES_THRESHOLD = 80;

/** Stryker's statuses as its score counts them: errors and ignored mutants are not in it. */
const DETECTED = ['Killed', 'Timeout'];
const UNDETECTED = ['Survived', 'NoCoverage'];

function tally(report) {
  const t = { mutants: 0, Killed: 0, Survived: 0, Timeout: 0, NoCoverage: 0, Ignored: 0, other: 0 };
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
// A --lines run reports apart, so that a group's whole-module report (the README's table) stays.
const dir = (name) => (lines[name] ? `reports/mutation/lines/${name}` : `reports/mutation/${name}`);
let failed = false;
/** Runs Stryker for one group; resolves to its exit status and the 1-minute load averages seen every 30 s. */
function strykerRun(name) {
  return new Promise((resolvePromise) => {
    // The machine's load during the run says how far its time is the group's own (a shared machine).
    const load = [loadavg()[0]];
    const sampler = setInterval(() => load.push(loadavg()[0]), 30_000);
    const child = spawn(process.execPath, ['node_modules/@stryker-mutator/core/bin/stryker.js', 'run', 'stryker.config.mjs', ...strykerArgs], {
      stdio: 'inherit',
      env: { ...process.env, MUTATION_GROUP: name, ...(lines[name] ? { MUTATION_LINES: JSON.stringify(lines[name]) } : {}) },
    });
    child.on('close', (status) => {
      clearInterval(sampler);
      resolvePromise({ status, load: [Math.min(...load), Math.max(...load)].map((l) => Math.round(l)) });
    });
  });
}

for (const name of names) {
  const t0 = Date.now();
  console.log(`\n=== mutation group ${name}: ${(lines[name] ?? GROUPS[name].mutate).join(', ')}`);
  const run = await strykerRun(name);
  if (run.status !== 0 || !existsSync(`${dir(name)}/mutation.json`)) {
    console.error(`mutation: group ${name} failed (exit ${run.status})`);
    failed = true;
    continue;
  }
  writeFileSync(`${dir(name)}/run.json`, JSON.stringify({ ms: Date.now() - t0, finished: new Date().toISOString(), load: run.load }));
}

// The table: the groups just run, or (--report) every group with a report, in GROUPS' order.
const shown = (reportOnly ? Object.keys(GROUPS) : names).filter((n) => existsSync(`${dir(n)}/mutation.json`) && existsSync(`${dir(n)}/run.json`));
const rows = shown.map((name) => ({
  name,
  report: JSON.parse(readFileSync(`${dir(name)}/mutation.json`, 'utf8')),
  ...JSON.parse(readFileSync(`${dir(name)}/run.json`, 'utf8')),
}));
// When (UTC) and under what load each group ran: a time measured at load 20 on two cores is not the group's own.
const when = (r) => (r.finished ? `${r.finished.slice(0, 16).replace('T', ' ')}` : '');
const loadOf = (r) => (r.load ? (r.load[0] === r.load[1] ? `${r.load[0]}` : `${r.load[0]}–${r.load[1]}`) : '');
const line = (name, t, ms, r = {}) =>
  `| ${name} | ${t.mutants} | ${t.Killed} | ${t.Survived} | ${t.Timeout} | ${t.NoCoverage} | ${t.Ignored} | ${t.score.toFixed(1)}% | ${minutes(ms)} | ${when(r)} | ${loadOf(r)} |`;
const table = [
  '| group (modules) | mutants | killed | survived | timeout | no coverage | ignored (static) | score | time | finished (UTC) | load |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
  ...rows.map((r) => line(`${r.name} (\`${(lines[r.name] ?? GROUPS[r.name].mutate).join('`, `')}\`)`, tally(r.report), r.ms, r)),
];
mkdirSync('reports/mutation', { recursive: true });
if (Object.keys(lines).length) {
  // The changed lines' mutants: their table and each one left alive, then the verdict (CI reads it).
  const merged = { files: Object.assign({}, ...rows.map((r) => r.report.files)) };
  const total = tally(merged);
  if (rows.length > 1) table.push(line('**changed lines**', total, rows.reduce((sum, r) => sum + r.ms, 0)));
  console.log(`\n${table.join('\n')}`);
  for (const [file, { mutants }] of Object.entries(merged.files)) {
    for (const m of mutants) {
      if (UNDETECTED.includes(m.status)) console.log(`${m.status}: ${file}:${m.location.start.line} ${m.mutatorName} → ${JSON.stringify(m.replacement ?? '')}`);
    }
  }
  const low = total.score < LINES_THRESHOLD;
  if (low) console.error(`mutation: ${total.score.toFixed(1)}% of the changed lines' mutants detected, under ${LINES_THRESHOLD}%: test what they break`);
  process.exit(failed || low ? 1 : 0);
}
if (rows.length > 1) {
  const merged = { ...rows[0].report, files: Object.assign({}, ...rows.map((r) => r.report.files)) };
  // Time: the groups' own times added up (groups may have run side by side or on different days).
  table.push(line('**all**', tally(merged), rows.reduce((sum, r) => sum + r.ms, 0)).replace(/\| ([\d.]+%) \|/, '| **$1** |'));
  writeFileSync('reports/mutation/mutation.json', JSON.stringify(merged));
}
writeFileSync('reports/mutation/summary.md', `${table.join('\n')}\n`);
console.log(`\n${table.join('\n')}`);
process.exit(failed ? 1 : 0);
