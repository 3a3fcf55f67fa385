/**
 * Serving while ingesting (issue 13): the cross-subgraph workload's p99 through our gateway, idle
 * and then while a bulk load of `--rows` penalties runs through `POST /ingest/FR-CF-001`, and the
 * ratio (the target: within 1.5x of idle), side by side in one run for where the job runs:
 *   in-process     the enterprise subgraph reads the file itself (INGEST_RUNNER=in-process)
 *   runner nice N  the runner process (collection/ingest-main.ts, INGEST_RUNNER=external) at niceness
 *                  10, then 19 (a niceness can only be raised without privileges: 10 first)
 *   runner idle    then under SCHED_IDLE (`chrt --idle -a -p 0`), as `npm start` starts it
 * Each gets its own idle measurement just before (the two ways are two starts of the services), after
 * a window thrown away (the first after a start is cold).
 * The five subgraphs and the gateway run as `npm run bench` runs them (bench/services/, one process
 * each, signed calls), over a copy of the bench's 2k data set (bench/.data/2k, seeded on first use)
 * in a temp dir, so the loads never change the shared one; each load has record ids of its own, so
 * each is a first load. Not part of `npm run bench`:
 *   npx tsx bench/ingest-serving.ts [--rows 60000] [--duration 15] [--connections 8] [--out FILE]
 * The load is sent as a source department would (its key, a CSV body); the job's own rate during the
 * window, the CPU seconds the enterprise subgraph and the runner used in it, and the `uptime` load
 * average are printed beside the p99s: on a shared machine read the ratios, not the digits.
 */
import { cpSync, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { loadavg, setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SUBGRAPHS, envPrefix } from '../lib/config.ts';
import { openDb } from '../lib/db/client.ts';
import { prepare } from '../scripts/prepare.ts';
import { clientModules as platformModules } from '../subgraphs/platform/db/client.ts';
import { createApiKey, createInstitution } from '../subgraphs/platform/db/institutions.ts';
import { baseEnv, benchInstitution, drawSamples, ensureDataset, specFor, type Dataset } from './datasets.ts';
import { measure, type Measurement } from './load.ts';
import { cpuSeconds, launch, type Service } from './processes.ts';
import { createWorkload } from './workloads.ts';

const { values } = parseArgs({ options: {
  rows: { type: 'string', default: '60000' }, duration: { type: 'string', default: '15' }, connections: { type: 'string', default: '8' },
  enterprises: { type: 'string', default: '2000' }, out: { type: 'string' },
} });
const rows = Number(values.rows);
const duration = Number(values.duration);
const connections = Number(values.connections);
const log = (line: string) => console.log(line);
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

/** The bench data set, copied: the load adds its rows to the copy only. */
async function scratchDataset(): Promise<Dataset> {
  const d = await ensureDataset(specFor(Number(values.enterprises)), { log });
  const dir = mkdtempSync(join(tmpdir(), 'cg-bench-ingest-serving-'));
  cpSync(d.dir, dir, { recursive: true });
  return { ...d, dir, prepared: await prepare({ ...baseEnv(), DATA_DIR: dir }) };
}

/** A source department of the environmental bureau (the provider of FR-CF-001) and a key for it. */
async function departmentKey(d: Dataset): Promise<string> {
  const db = await openDb(platformModules, 'sqlite', d.prepared.urls.platform);
  try {
    const row = await createInstitution(db, {
      id: 'bench-department', name: '深圳市生态环境局 (bench)', kind: 'SOURCE_DEPARTMENT', scopes: ['department:eco'],
      ratePerSecond: 1_000_000, burst: 1_000_000,
    });
    return (await createApiKey(db, row.id)).key;
  } finally {
    await db.close();
  }
}

async function writeCsv(file: string, usccs: readonly string[], prefix: string): Promise<void> {
  const out = createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write('recordId,uscc,documentNumber,decisionDate,violation,legalBasis,penaltyType,amount,severity,domain\r\n');
  for (let i = 0; i < rows; i++) {
    await write(`${prefix}-${i},${usccs[i % usccs.length]},深环罚〔2026〕${i}号,2026-0${1 + (i % 9)}-1${i % 10},超标排放大气污染物,《中华人民共和国大气污染防治法》第九十九条,罚款,${1000 + (i % 997)},GENERAL,GENERAL\r\n`);
  }
  await new Promise<void>((r) => out.end(() => r()));
}

interface Job { status: string; submitted: number; accepted: number; rejected: number }
interface Figures { rps: number; p50Ms: number; p99Ms: number }
const figures = (m: Measurement): Figures => ({ rps: m.rps, p50Ms: m.p50Ms, p99Ms: m.p99Ms });

/** Where the job runs: in the enterprise subgraph, or in the runner process at these nicenesses, then SCHED_IDLE (in this order). */
type Way = { inProcess: true } | { inProcess: false; nice: Array<number | 'idle'> };

async function main() {
  const d = await scratchDataset();
  const samples = await drawSamples(d, { subjects: 2000, persons: 100 });
  const institution = await benchInstitution(d);
  const deptKey = await departmentKey(d);
  const results: Record<string, unknown>[] = [];
  let load = 0;
  try {
    for (const way of [{ inProcess: true }, { inProcess: false, nice: [10, 19, 'idle'] }] as Way[]) {
      results.push(...await measureWay(d, way, { samples, institution, deptKey, next: () => `L${load++}` }));
    }
  } finally {
    rmSync(d.dir, { recursive: true, force: true });
  }
  const out = { command: `npx tsx bench/ingest-serving.ts --rows ${rows} --duration ${duration} --connections ${connections}`, finishedUtc: new Date().toISOString(), runs: results };
  console.log(JSON.stringify(out));
  if (values.out) writeFileSync(values.out, JSON.stringify(out, null, 1) + '\n');
}

async function measureWay(d: Dataset, way: Way, o: { samples: Awaited<ReturnType<typeof drawSamples>>; institution: Awaited<ReturnType<typeof benchInstitution>>; deptKey: string; next: () => string }) {
  const { samples, institution, deptKey } = o;
  const services: Service[] = [];
  const results: Record<string, unknown>[] = [];
  try {
    const entry = join('bench', 'services', 'subgraph.ts');
    const env = { ...d.prepared.env, INGEST_RUNNER: way.inProcess ? 'in-process' : 'external' };
    const subgraphs = await Promise.all(SUBGRAPHS.map((name) => launch<{ url: string; statsUrl: string }>(name, entry, { env, args: [name] })));
    services.push(...subgraphs);
    const enterprisePid = subgraphs[SUBGRAPHS.indexOf('enterprise')]!.pid;
    const urls = Object.fromEntries(SUBGRAPHS.map((s, i) => [`${envPrefix(s)}_URL`, subgraphs[i]!.ready.url]));
    const gateway = await launch<{ url: string }>('creditgraph', join('bench', 'services', 'creditgraph.ts'), { env: { ...env, ...urls } });
    services.push(gateway);
    const runner = way.inProcess ? null : await launch('ingest runner', join('bench', 'services', 'ingest-runner.ts'), { env: { ...env, ...urls } });
    if (runner) services.push(runner);
    const base = gateway.ready.url.replace(/\/graphql$/, '');
    const sql = { reset: async () => {}, read: async () => 0 };
    const run = (label: string): Promise<Measurement> => measure({
      url: gateway.ready.url, workload: createWorkload('cross-subgraph', { samples, institution, runId: `${label}-${Date.now()}` }),
      connections, warmupSeconds: 3, durationSeconds: duration, checkEvery: 20, sqlSample: 0,
      gatewayPids: [gateway.pid], subgraphPids: subgraphs.map((s) => s.pid), sql,
    });
    const show = (label: string, m: Measurement) =>
      log(`${label.padEnd(26)} ${Math.round(m.rps)} req/s  p50 ${m.p50Ms.toFixed(1)} ms  p99 ${m.p99Ms.toFixed(1)} ms  errors ${m.errors}  (load ${load()})`);

    // A first window after a start runs on cold code and caches: thrown away, so that idle is as warm as the loads' windows.
    await run('warm-up');
    const idleLoad = loadavg();
    const idle = await run('idle');
    show(`idle (${way.inProcess ? 'in-process' : 'runner'} start)`, idle);

    const jobQuery = 'query($id: ID!) { ingestJob(id: $id) { status submitted accepted rejected } }';
    const jobOf = async (id: string): Promise<Job> => {
      const res = await fetch(gateway.ready.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': deptKey }, body: JSON.stringify({ query: jobQuery, variables: { id } }) });
      return ((await res.json()) as { data: { ingestJob: Job } }).data.ingestJob;
    };
    for (const nice of way.inProcess ? [null] : way.nice) {
      const label = nice === null ? 'in-process' : nice === 'idle' ? 'runner idle' : `runner nice ${nice}`;
      if (typeof nice === 'number') setPriority(runner!.pid, nice);
      if (nice === 'idle') execFileSync('/usr/bin/chrt', ['--idle', '-a', '-p', '0', String(runner!.pid)]);
      const csv = join(d.dir, 'penalties.csv');
      await writeCsv(csv, samples.usccs, o.next());
      const jobPid = runner?.pid ?? enterprisePid;
      const cpu0 = { enterprise: cpuSeconds(enterprisePid)!, job: cpuSeconds(jobPid)! };
      const started = performance.now();
      const upload = await fetch(`${base}/ingest/FR-CF-001`, { method: 'POST', headers: { 'content-type': 'text/csv; charset=utf-8', 'x-api-key': deptKey }, body: readFileSync(csv) });
      const { jobId } = (await upload.json()) as { jobId: string };
      if (upload.status !== 202) throw new Error(`the upload was refused: ${upload.status}`);
      const busyLoad = loadavg();
      const busy = await run(label);
      const during = await jobOf(jobId);
      const window = (performance.now() - started) / 1000;
      const cpu = { enterprise: cpuSeconds(enterprisePid)! - cpu0.enterprise, runner: runner ? cpuSeconds(runner.pid)! - cpu0.job : null };
      show(`while ingesting, ${label}`, busy);
      let job = during;
      while (job.status === 'RUNNING') {
        await new Promise((r) => setTimeout(r, 500));
        job = await jobOf(jobId);
      }
      const seconds = (performance.now() - started) / 1000;
      log(`  ${label}: ${during.submitted} rows in during the ${window.toFixed(1)} s window = ${Math.round(during.submitted / window)} rows/s; ` +
        `CPU in the window: enterprise subgraph ${cpu.enterprise.toFixed(1)} s${cpu.runner === null ? '' : `, runner ${cpu.runner.toFixed(1)} s`}; ` +
        `all ${rows} rows ${job.status} after ${seconds.toFixed(1)} s (accepted ${job.accepted}, rejected ${job.rejected})` +
        `${during.status === 'RUNNING' ? '' : '; the load ENDED before the window did: use more --rows'}`);
      log(`  p99 while ingesting / idle: ${(busy.p99Ms / idle.p99Ms).toFixed(2)}x (target <= 1.5x)`);
      results.push({
        way: label, rows, idle: figures(idle), ingesting: figures(busy), ratio: busy.p99Ms / idle.p99Ms,
        rowsInDuringWindow: during.submitted, windowSeconds: window, rowsPerSecondDuringWindow: during.submitted / window,
        cpuSecondsInWindow: cpu, totalSeconds: seconds, status: job.status, accepted: job.accepted, rejected: job.rejected,
        loadavg: { idle: idleLoad, ingesting: busyLoad, after: loadavg() },
      });
    }
  } finally {
    await Promise.all(services.map((s) => s.stop()));
  }
  return results;
}

main().catch((err) => { console.error(err); process.exit(1); });
