/**
 * Bulk ingest with the job runner as a process of its own (INGEST_RUNNER=external, as `npm start`
 * runs it): the enterprise subgraph only receives the file; the runner process
 * (subgraphs/enterprise/collection/ingest-main.ts) reads it, and a kill -9 of that process in the
 * middle of a load loses nothing and counts nothing twice: the next runner resumes the job from its
 * last committed batch. Meanwhile the subgraph writes to the same database from its own process
 * (submitRecords calls): neither side's transactions fail for the other's commits. The runner
 * process also tracks rating grades (the subgraph leaves that to it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { envPrefix, SUBGRAPHS, type DatabaseProvider } from '../lib/config.ts';
import { openEnterpriseDb, type Db } from '../subgraphs/enterprise/db/client.ts';
import { readGradeCursor } from '../subgraphs/enterprise/db/grades.ts';
import { RUNNER_BATCH_SIZE } from '../subgraphs/enterprise/collection/ingest/job.ts';
import { postgresAvailable } from './support/postgres.ts';
import { apiKey, startStack, type Stack } from './support/stack.ts';

const ROOT = resolve(import.meta.dirname, '..');
/**
 * Enough rows that a job outlasts the poll that sees its first batch and the kill after it: at
 * ~23,000 rows/s (the runner's WAL checkpoints, ingest/job.ts) 12,000 rows were sometimes all in
 * before the kill landed.
 */
const ROWS = 60_000;
let stack: Stack;
let deptKey: Record<string, string>;
let db: Db;
const runners: ChildProcess[] = [];

const JOB = 'query($id: ID!) { ingestJob(id: $id) { status submitted accepted updated unchanged rejected error } }';
type Job = { status: string; submitted: number; accepted: number; updated: number; unchanged: number; rejected: number; error: string | null };
const pick = ({ status, submitted, accepted, updated, unchanged, rejected, error }: Job): Job => ({ status, submitted, accepted, updated, unchanged, rejected, error });

async function job(id: string): Promise<Job> {
  const { body } = await stack.query(JOB, { variables: { id }, headers: deptKey });
  if (!body.data?.ingestJob) throw new Error(`ingestJob: ${JSON.stringify(body)}`);
  return body.data.ingestJob as Job;
}

/** Followed in the database (the gateway's rate limit is kept for the department's writes below). */
async function until(id: string, done: (j: Job) => boolean, what: string, timeoutMs = 150_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const j = await db.prisma.collectionReceipt.findUniqueOrThrow({ where: { id } });
    if (done(j)) return j;
    if (Date.now() > deadline) throw new Error(`job ${id}: ${what} did not happen (last: ${JSON.stringify(j)})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function startRunner(env: Record<string, string> = {}): ChildProcess {
  const urls = Object.fromEntries(SUBGRAPHS.map((n) => [`${envPrefix(n)}_URL`, stack.subgraphs[n].url]));
  const child = spawn(process.execPath, ['--import', 'tsx', 'subgraphs/enterprise/collection/ingest-main.ts'], {
    cwd: ROOT, env: { ...process.env, ...stack.env, ...urls, INGEST_RUNNER: 'external', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  runners.push(child);
  return child;
}

const exited = (c: ChildProcess) => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', r)));

// PostgreSQL too where its binaries are installed: the runner and the batch's first write are the same there.
const providers = postgresAvailable() ? ['sqlite', 'postgresql'] as const : ['sqlite'] as const;

describe.each(providers)('the ingest runner as a process of its own, on %s', (provider) => {
  beforeAll(async () => {
    stack = await startStack({ provider, enterprises: 20, persons: 10, env: { INGEST_RUNNER: 'external' } });
    deptKey = apiKey(stack.credentials.institutions.SOURCE_DEPARTMENT.apiKey);
    db = await openEnterpriseDb(stack.provider as DatabaseProvider, stack.env.ENTERPRISE_DATABASE_URL!);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    for (const r of runners) if (r.exitCode === null && r.signalCode === null) r.kill('SIGTERM');
    await Promise.all(runners.map(exited));
    runners.length = 0;
    await stack?.close();
  });

  it('reads the file the subgraph received; killed -9 in the middle, the next runner resumes the job: every row once, nothing lost', async () => {
    const usccs = stack.credentials.enterprises.map((e) => e.uscc);
    const header = 'recordId,uscc,documentNumber,decisionDate,violation,legalBasis,penaltyType,amount,severity,domain';
    // Every tenth row has a date that is not one.
    const rows = Array.from({ length: ROWS }, (_, i) =>
      `K-${i},${usccs[i % usccs.length]},深环罚〔2026〕K${i}号,${i % 10 === 9 ? '2026/13/01' : '2026-03-01'},超标排放,第九十九条,罚款,${1000 + i},GENERAL,GENERAL`);
    const res = await fetch(`${stack.url.replace(/\/graphql$/, '')}/ingest/FR-CF-001`, {
      method: 'POST', headers: { 'content-type': 'text/csv', ...deptKey }, body: [header, ...rows].join('\r\n') + '\r\n',
    });
    expect(res.status).toBe(202);
    const { jobId } = (await res.json()) as { jobId: string };

    // No runner yet: the subgraph has only spooled the file.
    await new Promise((r) => setTimeout(r, 500));
    expect(await job(jobId)).toMatchObject({ status: 'RUNNING', submitted: 0 });

    // The subgraph's own writes all along: one record a call, until the job ends.
    let writing = true;
    let submitted = 0;
    const SUBMIT = 'mutation($records: [RecordValues!]!) { submitRecords(item: "FR-CF-001", records: $records) { accepted } }';
    const writer = (async () => {
      while (writing) {
        const record = { recordId: `W-${submitted}`, uscc: usccs[0], documentNumber: `深环罚〔2026〕W${submitted}号`, decisionDate: '2026-03-02',
          violation: '超标排放', legalBasis: '第九十九条', penaltyType: '罚款', amount: '500', severity: 'GENERAL', domain: 'GENERAL' };
        const { body } = await stack.query(SUBMIT, { variables: { records: [record] }, headers: deptKey });
        expect(body.errors).toBeUndefined();
        expect(body.data!.submitRecords).toEqual({ accepted: 1 });
        submitted++;
        await new Promise((r) => setTimeout(r, 100)); // under the department's 20 requests/s
      }
    })();

    const first = startRunner();
    await until(jobId, (j) => j.submitted >= RUNNER_BATCH_SIZE || j.status !== 'RUNNING', 'a first batch');
    first.kill('SIGKILL');
    await exited(first);
    const cut = await job(jobId);
    expect(cut.status).toBe('RUNNING');
    expect(cut.submitted).toBeLessThan(ROWS);
    // Batches are all or nothing: the count is a whole number of the runner process's batches (its ~1.3 MB file prepared in the worker thread).
    expect(cut.submitted % RUNNER_BATCH_SIZE).toBe(0);

    // This one tracks rating grades too, as the runner process does beside a subgraph that leaves them to it.
    const second = startRunner({ RATING_TRACKER_MS: '100' });
    const done = pick(await until(jobId, (j) => j.status !== 'RUNNING', 'the end'));
    writing = false;
    await writer;
    expect(submitted).toBeGreaterThan(0);
    // A row read twice would come back UNCHANGED and push `submitted` past the file's rows.
    expect(done).toMatchObject({ status: 'DONE', submitted: ROWS, accepted: ROWS * 0.9, updated: 0, unchanged: 0, rejected: ROWS * 0.1, error: null });
    expect(await job(jobId)).toEqual(done);
    expect(await db.prisma.collectedRecordVersion.count({ where: { receiptId: jobId } })).toBe(ROWS * 0.9);
    expect(await db.prisma.changeEvent.count({ where: { source: 'COLLECTION', itemCode: 'FR-CF-001' } })).toBe(ROWS * 0.9 + submitted);
    // The grade tracker followed the load's change events in the runner process.
    for (let i = 0; i < 600 && (await readGradeCursor(db)) === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await readGradeCursor(db)).toBeGreaterThan(0);
    // With no job left it waits for the next one (nothing but its poll keeps the process alive).
    await new Promise((r) => setTimeout(r, 1000));
    expect([second.exitCode, second.signalCode]).toEqual([null, null]);
  }, 180_000);
});
