/**
 * Bulk collection throughput on SQLite: a generated CSV of `--rows` penalties (10,000 enterprises,
 * 1 row in 50 bad) read by the enterprise subgraph's job runner (collection/ingest/job.ts) into a
 * fresh migrated database, then the same file again (every good row UNCHANGED). Prints rows/s and
 * the peak RSS sampled every 100 ms, and the peak of each tenth of the pass's time (flat memory: no
 * trend from the first tenth to the last). Not part of `npm run bench`:
 *   npx tsx bench/ingest.ts --rows 1000000 [--profile DIR]
 * As the runner process runs a job (collection/ingest-main.ts): `--batch N` rows per transaction
 * (default RUNNER_BATCH_SIZE), the file prepared in a worker thread unless `--no-worker` (the serving
 * process's way: `--batch 1000 --no-worker --wal-autocheckpoint 1000`); `--wal-autocheckpoint N`: the
 * runner's WAL pages between checkpoints (default RUNNER_WAL_AUTOCHECKPOINT_PAGES). `--profile DIR` writes a CPU profile of each pass alone (not the setup) to DIR.
 *
 * Where the time went (2026-12-07 morning, `--rows 100000 --profile DIR`, first load, self time of
 * 18.3 s of CPU, load average ~5): SQLite's statement runs 27% (the COMMIT 15%: the batch's pages
 * written to the WAL, its fsync, the checkpoints; the four tables' INSERTs 12%), garbage collection
 * 17%, insertRows' per-row binding 11%, planning (submit.ts) 11%, validation 6% plus its dates 3.5%
 * and the content hash ~4%, Prisma's client 4%, CSV decoding and parsing 3%. Hence multi-row
 * INSERTs, the lookups on the batch's own connection, a Date formatted once per batch.
 *
 * 2026-12-07 late morning (the pipeline, collection/ingest/pipeline.ts): everything without the
 * database — decode, parse, checks, hash, archive columns — runs in a worker thread; the profile
 * (`--profile` records the main thread only) of the writer at 1,000-row batches, load ~8: 93% busy,
 * of it SQLite's runs 42% (COMMIT's fsync included), GC 13%, binding 12%, planning ~4%. The commits
 * were the lever left: 2,500-row batches took the writer from 17.1 to 12.6 s busy per 100,000 rows.
 * Now the writer is SQLite-bound and the worker (~45 µs a row under that load, tsx's start ~0.8 s of
 * CPU) about as busy; process CPU (both threads) per row is ~10% above the one-thread code's, and
 * a replay, where the writer only looks up, waits on the worker. Figures: bench/README.md.
 */
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCatalogue } from '../lib/catalogue/index.ts';
import { applyMigrations } from '../lib/db/migrations.ts';
import { createLogger } from '../lib/logger.ts';
import { makeUscc } from '../lib/identifiers/uscc.ts';
import { openEnterpriseDb } from '../subgraphs/enterprise/db/client.ts';
import { RUNNER_BATCH_SIZE, RUNNER_WAL_AUTOCHECKPOINT_PAGES, runIngest, useRunnerCheckpoints, WORKER_FROM_BYTES } from '../subgraphs/enterprise/collection/ingest/job.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' }, enterprises: { type: 'string', default: '10000' }, profile: { type: 'string' }, batch: { type: 'string', default: String(RUNNER_BATCH_SIZE) }, 'wal-autocheckpoint': { type: 'string', default: String(RUNNER_WAL_AUTOCHECKPOINT_PAGES) }, 'no-worker': { type: 'boolean', default: false } } });
const rows = Number(values.rows);
const enterprises = Number(values.enterprises);
const dir = mkdtempSync(join(tmpdir(), 'cg-bench-ingest-'));
const url = `file:${join(dir, 'enterprise.db')}`;

const usccOf = (n: number) => makeUscc({ authority: '9', orgType: '1', regionCode: '440306', orgCodeBody: String(n).padStart(8, '0') });

async function writeCsv(file: string) {
  const out = createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write('recordId,uscc,documentNumber,decisionDate,violation,legalBasis,penaltyType,amount,severity,domain\r\n');
  for (let i = 0; i < rows; i++) {
    const severity = i % 50 === 49 ? '严重' : i % 3 === 0 ? 'MINOR' : 'GENERAL';
    await write(`B-${i},${usccOf(i % enterprises)},深环罚〔2026〕${i}号,2026-0${1 + (i % 9)}-1${i % 10},超标排放大气污染物,《中华人民共和国大气污染防治法》第九十九条,罚款,${1000 + (i % 997)},${severity},GENERAL\r\n`);
  }
  await new Promise<void>((r) => out.end(() => r()));
}

/**
 * CPU seconds of this process's threads from /proc (Linux): the main thread (the job's writer) and
 * all the others (the preparing worker, V8's and libuv's helpers). With the work split, the main
 * thread's share is what bounds the wall-clock rate when the other core is free.
 */
function threadCpu(): { main: number; others: number } {
  const tick = 100; // USER_HZ
  let main = 0;
  let others = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    let stat: string;
    try { stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8'); } catch { continue; } // ended meanwhile
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const seconds = (Number(fields[11]) + Number(fields[12])) / tick; // utime, stime
    if (Number(tid) === process.pid) main += seconds; else others += seconds;
  }
  return { main, others };
}

async function main() {
  await applyMigrations({ subgraph: 'enterprise', provider: 'sqlite', url });
  const db = await openEnterpriseDb('sqlite', url);
  await useRunnerCheckpoints(db, Number(values['wal-autocheckpoint']));
  const base = { name: 'x', entityType: '有限责任公司', registrationAuthority: 'x', establishedOn: '2015-01-01', regionCode: '440306',
    regionName: '宝安区', industryCode: 'C', industryName: '制造业', businessScope: 'x', address: 'x', registrationStatus: '存续' };
  for (let i = 0; i < enterprises; i += 5000) {
    await db.prisma.enterprise.createMany({ data: Array.from({ length: Math.min(5000, enterprises - i) }, (_, k) => ({ ...base, uscc: usccOf(i + k) })) });
  }
  const csv = join(dir, 'penalties.csv');
  await writeCsv(csv);
  const item = loadCatalogue().item('FR-CF-001')!;
  const sender = { departmentCode: 'eco', departmentName: '深圳市生态环境局', actorKind: 'OPERATOR' as const, actorId: 'bench' };
  const log = createLogger({ name: 'bench-ingest', level: 'warn' });
  let peak = 0;
  let trace: Array<{ at: number; rss: number }> = [];
  const sampler = setInterval(() => {
    const rss = process.memoryUsage().rss;
    peak = Math.max(peak, rss);
    trace.push({ at: performance.now(), rss });
  }, 100);
  for (const pass of ['first load', 'same file again']) {
    const jobId = crypto.randomUUID();
    await db.prisma.collectionReceipt.create({ data: { id: jobId, departmentCode: 'eco', itemCode: item.code, channel: 'BULK', status: 'RUNNING', actorKind: 'OPERATOR', actorId: 'bench', receivedAt: new Date() } });
    const spool = join(dir, `${jobId}.upload`);
    await copyFile(csv, spool);
    if (values.profile) mkdirSync(values.profile, { recursive: true });
    const session = values.profile ? new Session() : null;
    if (session) { session.connect(); await session.post('Profiler.enable'); await session.post('Profiler.start'); }
    peak = process.memoryUsage().rss;
    trace = [];
    const t = performance.now();
    const cpu = process.cpuUsage();
    const threads = threadCpu();
    await runIngest({ db, provider: 'sqlite', item, sender, jobId, file: spool, format: 'CSV', encoding: 'UTF-8', now: () => new Date(), log, batchSize: Number(values.batch),
      workerFrom: values['no-worker'] ? undefined : WORKER_FROM_BYTES });
    const s = (performance.now() - t) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuS = (used.user + used.system) / 1e6;
    const mainS = threadCpu().main - threads.main;
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(join(values.profile!, `ingest-${pass.replace(/ /g, '-')}.cpuprofile`), JSON.stringify(profile));
      session.disconnect();
    }
    const job = (await db.prisma.collectionReceipt.findUnique({ where: { id: jobId } }))!;
    console.log(`${pass}: ${rows} rows in ${s.toFixed(1)} s = ${Math.round(rows / s)} rows/s (CPU ${cpuS.toFixed(1)} s = ${Math.round(rows / cpuS)} rows per CPU-second; main thread ${mainS.toFixed(1)} s = ${Math.round(rows / mainS)} rows per main-thread CPU-second); ${job.status} accepted ${job.accepted} unchanged ${job.unchanged} rejected ${job.rejected}; peak RSS ${Math.round(peak / 2 ** 20)} MiB`);
    const tenths = Array.from({ length: 10 }, (_, k) => trace.filter((x) => Math.min(9, Math.floor(((x.at - t) / 1000 / s) * 10)) === k));
    console.log(`  peak RSS per tenth of the pass, MiB: ${tenths.map((xs) => (xs.length ? Math.round(Math.max(...xs.map((x) => x.rss)) / 2 ** 20) : '-')).join(' ')}`);
  }
  clearInterval(sampler);
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => { console.error(err); process.exit(1); });
