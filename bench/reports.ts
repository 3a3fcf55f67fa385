/**
 * Credit reports bench: `npx tsx bench/reports.ts [--reports 10000] [--concurrency 4]`.
 *
 * The five subgraphs and the gateway as `npm start` runs them (one process each, demo seed of 200
 * enterprises in a temp DATA_DIR), then `concurrency` loops each issuing a report of a demo
 * enterprise with 10 archive records (the first one holding exactly 10, by USCC) through
 * `/graphql` and downloading its PDF through `GET /reports/<number>.pdf`: a "PDF report" is both.
 * Reports per second over the whole run; latency of issue and of download; the RSS of the gateway
 * (which draws the PDFs) and of the enterprise subgraph (which builds, signs and stores them)
 * sampled every 500 reports, to show whether memory stays flat. Writes
 * bench/results/reports-latest.json. Ctrl-C ends the run early with the figures so far.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { envPrefix, SUBGRAPHS } from '../lib/config.ts';
import { openEnterpriseDb } from '../subgraphs/enterprise/db/client.ts';
import { prepare } from '../scripts/prepare.ts';
import { ensureDemo } from '../scripts/demo.ts';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { reports: { type: 'string', default: '10000' }, concurrency: { type: 'string', default: '4' } } });
const TOTAL = Number(values.reports);
const CONCURRENCY = Number(values.concurrency);
const SAMPLE_EVERY = 500;

const children: ChildProcess[] = [];
process.once('exit', () => { for (const c of children) if (c.exitCode === null) c.kill('SIGKILL'); });

function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Math.round(Number(kb) / 1024);
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${url}: the service exited (${child.exitCode})`);
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} not ready`);
}

function start(entry: string, env: Record<string, string | undefined>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: ROOT, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  return child;
}

/** CPU seconds (user + system) a process has used: /proc/<pid>/stat fields 14 and 15, in clock ticks. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The first enterprise (by USCC) with exactly `n` records over the 9 categories and the X. */
async function enterpriseWithRecords(url: string, n: number): Promise<string> {
  const db = await openEnterpriseDb('sqlite', url);
  try {
    const rows = await db.prisma.$queryRawUnsafe<{ uscc: string }[]>(`SELECT "uscc" FROM (${['AdministrativeLicense', 'AdministrativePenalty', 'ListEntry',
      'Certificate', 'Inspection', 'CreditCommitment', 'IndustryEvaluation', 'Honor', 'CreditRecord'].map((t) => `SELECT "uscc" FROM "${t}"`).join(' UNION ALL ')})
      GROUP BY "uscc" HAVING COUNT(*) = ${n} ORDER BY "uscc" LIMIT 1`);
    if (!rows[0]) throw new Error(`no demo enterprise has ${n} records`);
    return rows[0].uscc;
  } finally {
    await db.close();
  }
}

const percentile = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]!; };

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'creditgraph-reports-bench-'));
  const base = 20_000 + Math.floor(Math.random() * 20_000);
  const ports: Record<string, string> = { PORT: String(base) };
  SUBGRAPHS.forEach((name, i) => { ports[`${envPrefix(name)}_PORT`] = String(base + 1 + i); });
  const prepared = await prepare({
    ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', APOLLO_TELEMETRY_DISABLED: 'true', CHECKPOINT_DISABLE: '1',
    DATA_DIR: dataDir, SUBJECT_RATE_PER_SECOND: '100000', SUBJECT_BURST: '100000', ...ports,
  });
  const demo = await ensureDemo(prepared, { enterprises: 200, persons: 100 });
  const subject = await enterpriseWithRecords(prepared.urls.enterprise, 10);
  const urls = Object.fromEntries(SUBGRAPHS.map((n, i) => [`${envPrefix(n)}_URL`, `http://127.0.0.1:${base + 1 + i}/graphql`]));
  const pids: Record<string, number> = {};
  for (const [i, name] of SUBGRAPHS.entries()) {
    const child = start(join('subgraphs', name, 'main.ts'), { ...prepared.env, ...urls });
    pids[name] = child.pid!;
    await waitReady(`http://127.0.0.1:${base + 1 + i}/readyz`, child);
  }
  const gateway = start(join('gateway', 'main.ts'), { ...prepared.env, ...urls });
  await waitReady(`http://127.0.0.1:${base}/readyz`, gateway);
  pids.gateway = gateway.pid!;

  const gw = `http://127.0.0.1:${base}`;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${demo.credentials.operator.token}` };
  const body = JSON.stringify({ query: `mutation($s: ID!) { issueCreditReport(subject: $s, purpose: TENDERING) { number pdfPath } }`, variables: { s: subject } });
  const issueMs: number[] = [];
  const pdfMs: number[] = [];
  const samples: { reports: number; gatewayRssMb: number; enterpriseRssMb: number }[] = [];
  let pdfBytes = 0;
  let pages = 0;
  let done = 0;
  let started = 0;

  const one = async () => {
    const t0 = performance.now();
    const res = await fetch(`${gw}/graphql`, { method: 'POST', headers, body });
    const json = (await res.json()) as { data?: { issueCreditReport?: { pdfPath: string } }; errors?: unknown[] };
    const path = json.data?.issueCreditReport?.pdfPath;
    if (!path) throw new Error(`issue failed: ${JSON.stringify(json.errors)}`);
    const t1 = performance.now();
    const pdf = await fetch(`${gw}${path}`, { headers: { authorization: headers.authorization } });
    if (pdf.status !== 200) throw new Error(`download failed: ${pdf.status}`);
    const bytes = Buffer.from(await pdf.arrayBuffer());
    issueMs.push(t1 - t0);
    pdfMs.push(performance.now() - t1);
    pdfBytes = bytes.length;
    pages = (bytes.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
    done++;
    if (done % SAMPLE_EVERY === 0) {
      samples.push({ reports: done, gatewayRssMb: rssMb(pids.gateway!), enterpriseRssMb: rssMb(pids.enterprise!) });
      console.log(`  ${done} reports, gateway RSS ${samples.at(-1)!.gatewayRssMb} MB, enterprise RSS ${samples.at(-1)!.enterpriseRssMb} MB`);
    }
  };
  // Warm-up (JIT, font parse, caches), not measured.
  for (let i = 0; i < 20; i++) await one();
  done = 0; issueMs.length = 0; pdfMs.length = 0;

  // Ctrl-C stops issuing; the reports in flight finish and the figures so far are reported.
  process.once('SIGINT', () => { console.log(`  SIGINT: stopping after ${started} reports`); started = TOTAL; });
  const cpu0 = Object.fromEntries(Object.entries(pids).map(([n, pid]) => [n, cpuSeconds(pid)]));
  const load0 = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  const t = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => { while (started < TOTAL) { started++; await one(); } }));
  const seconds = (performance.now() - t) / 1000;
  // CPU per report of each service: on a loaded machine the rate is bounded by what the others
  // take; the CPU a report costs is not, and tells what two free cores would do.
  const cpuMsPerReport = Object.fromEntries(Object.entries(pids).map(([n, pid]) => [n, Math.round(((cpuSeconds(pid) - cpu0[n]!) / done) * 10_000) / 10]));
  const totalCpuMs = Object.values(cpuMsPerReport).reduce((a, b) => a + b, 0);
  const result = {
    subject, loadAverageAtStart: Number(load0), cpuMsPerReport, totalCpuMsPerReport: Math.round(totalCpuMs * 10) / 10,
    projectedReportsPerSecondOnTwoFreeCores: Math.round((2000 / Math.max(totalCpuMs, cpuMsPerReport.gateway! * 2, cpuMsPerReport.enterprise! * 2)) * 10) / 10,
    reports: done, concurrency: CONCURRENCY, seconds: Math.round(seconds * 10) / 10, reportsPerSecond: Math.round((done / seconds) * 10) / 10,
    issueP50Ms: Math.round(percentile(issueMs, 0.5)), issueP99Ms: Math.round(percentile(issueMs, 0.99)),
    pdfP50Ms: Math.round(percentile(pdfMs, 0.5)), pdfP99Ms: Math.round(percentile(pdfMs, 0.99)), pdfBytes, pages, samples,
  };
  console.log(JSON.stringify(result, null, 2));
  writeFileSync(join(ROOT, 'bench/results/reports-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  for (const c of children) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 1000));
  rmSync(dataDir, { recursive: true, force: true });
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
