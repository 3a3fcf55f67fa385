/**
 * Serving while ingesting (issue 13): the cross-subgraph workload's p99 through our gateway, idle
 * and then while a bulk load of `--rows` penalties runs through `POST /ingest/FR-CF-001`, and the
 * ratio (the target: within 1.5x of idle). The five subgraphs and the gateway run as `npm run bench`
 * runs them (bench/services/, one process each, signed calls), over a copy of the bench's 2k data
 * set (bench/.data/2k, seeded on first use) in a temp dir, so the load never changes the shared one.
 * Not part of `npm run bench`:
 *   npx tsx bench/ingest-serving.ts [--rows 200000] [--duration 15] [--connections 8]
 * The load is sent as a source department would (its key, a CSV body); the job's own rate and the
 * `uptime` load average are printed beside the p99s: on a shared machine read the ratio, not the digits.
 */
import { cpSync, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SUBGRAPHS, envPrefix } from '../lib/config.ts';
import { openDb } from '../lib/db/client.ts';
import { prepare } from '../scripts/prepare.ts';
import { clientModules as platformModules } from '../subgraphs/platform/db/client.ts';
import { createApiKey, createInstitution } from '../subgraphs/platform/db/institutions.ts';
import { baseEnv, benchInstitution, drawSamples, ensureDataset, specFor, type Dataset } from './datasets.ts';
import { measure, type Measurement } from './load.ts';
import { launch, type Service } from './processes.ts';
import { createWorkload } from './workloads.ts';

const { values } = parseArgs({ options: {
  rows: { type: 'string', default: '200000' }, duration: { type: 'string', default: '15' }, connections: { type: 'string', default: '8' },
  enterprises: { type: 'string', default: '2000' },
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

async function writeCsv(file: string, usccs: readonly string[]): Promise<void> {
  const out = createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write('recordId,uscc,documentNumber,decisionDate,violation,legalBasis,penaltyType,amount,severity,domain\r\n');
  for (let i = 0; i < rows; i++) {
    await write(`S-${i},${usccs[i % usccs.length]},深环罚〔2026〕${i}号,2026-0${1 + (i % 9)}-1${i % 10},超标排放大气污染物,《中华人民共和国大气污染防治法》第九十九条,罚款,${1000 + (i % 997)},GENERAL,GENERAL\r\n`);
  }
  await new Promise<void>((r) => out.end(() => r()));
}

interface Job { status: string; submitted: number; accepted: number; rejected: number }

async function main() {
  const d = await scratchDataset();
  const samples = await drawSamples(d, { subjects: 2000, persons: 100 });
  const institution = await benchInstitution(d);
  const deptKey = await departmentKey(d);
  const csv = join(d.dir, 'penalties.csv');
  await writeCsv(csv, samples.usccs);

  const services: Service[] = [];
  try {
    const entry = join('bench', 'services', 'subgraph.ts');
    const subgraphs = await Promise.all(SUBGRAPHS.map((name) => launch<{ url: string; statsUrl: string }>(name, entry, { env: d.prepared.env, args: [name] })));
    services.push(...subgraphs);
    const urls = Object.fromEntries(SUBGRAPHS.map((s, i) => [`${envPrefix(s)}_URL`, subgraphs[i]!.ready.url]));
    const gateway = await launch<{ url: string }>('creditgraph', join('bench', 'services', 'creditgraph.ts'), { env: { ...d.prepared.env, ...urls } });
    services.push(gateway);
    const base = gateway.ready.url.replace(/\/graphql$/, '');
    const sql = { reset: async () => {}, read: async () => 0 };
    const run = (label: string): Promise<Measurement> => measure({
      url: gateway.ready.url, workload: createWorkload('cross-subgraph', { samples, institution, runId: `${label}-${Date.now()}` }),
      connections, warmupSeconds: 3, durationSeconds: duration, checkEvery: 20, sqlSample: 0,
      gatewayPids: [gateway.pid], subgraphPids: subgraphs.map((s) => s.pid), sql,
    });
    const show = (label: string, m: Measurement) =>
      log(`${label.padEnd(22)} ${Math.round(m.rps)} req/s  p50 ${m.p50Ms.toFixed(1)} ms  p99 ${m.p99Ms.toFixed(1)} ms  errors ${m.errors}  (load ${load()})`);

    const idle = await run('idle');
    show('idle', idle);

    const jobQuery = 'query($id: ID!) { ingestJob(id: $id) { status submitted accepted rejected } }';
    const jobOf = async (id: string): Promise<Job> => {
      const res = await fetch(gateway.ready.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': deptKey }, body: JSON.stringify({ query: jobQuery, variables: { id } }) });
      return ((await res.json()) as { data: { ingestJob: Job } }).data.ingestJob;
    };
    const started = performance.now();
    const upload = await fetch(`${base}/ingest/FR-CF-001`, { method: 'POST', headers: { 'content-type': 'text/csv; charset=utf-8', 'x-api-key': deptKey }, body: readFileSync(csv) });
    const { jobId } = (await upload.json()) as { jobId: string };
    if (upload.status !== 202) throw new Error(`the upload was refused: ${upload.status}`);
    const busy = await run('ingesting');
    const during = await jobOf(jobId);
    show('while ingesting', busy);
    let job = during;
    while (job.status === 'RUNNING') {
      await new Promise((r) => setTimeout(r, 500));
      job = await jobOf(jobId);
    }
    const seconds = (performance.now() - started) / 1000;
    log(`bulk load: ${rows} rows ${job.status} in ${seconds.toFixed(1)} s = ${Math.round(rows / seconds)} rows/s wall (accepted ${job.accepted}, rejected ${job.rejected}); ` +
      `${during.status === 'RUNNING' ? `still running when the measured window ended (${during.submitted} rows in)` : 'it ENDED before the measured window did: use more --rows'}`);
    log(`p99 while ingesting / idle: ${(busy.p99Ms / idle.p99Ms).toFixed(2)}x (target <= 1.5x)`);
    console.log(JSON.stringify({ rows, idle: { rps: idle.rps, p50Ms: idle.p50Ms, p99Ms: idle.p99Ms }, ingesting: { rps: busy.rps, p50Ms: busy.p50Ms, p99Ms: busy.p99Ms, rowsInAtEnd: during.submitted }, ratio: busy.p99Ms / idle.p99Ms, ingestRowsPerSecond: rows / seconds, loadavg: loadavg() }));
  } finally {
    await Promise.all(services.map((s) => s.stop()));
    rmSync(d.dir, { recursive: true, force: true });
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
