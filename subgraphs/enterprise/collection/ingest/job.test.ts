/**
 * The bulk job runner (job.ts) over a real SQLite file, with batches of 3 rows so that every edge of
 * a batch is crossed: good and bad rows on both sides of a boundary, the same record id in two
 * batches, a replay of the file, and a batch that yields to the event loop while it works — each
 * with the rows prepared on the job's thread (a small file) and in the worker thread (./pipeline.ts,
 * a large one: here forced with `workerFrom: 0`); and what only the worker has: a file error, a
 * resumed job, and the worker dying (its heap exceeded) failing the job with WORKER_FAILED.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadCatalogue } from '../../../../lib/catalogue/index.ts';
import { applyMigrations } from '../../../../lib/db/migrations.ts';
import { createLogger } from '../../../../lib/logger.ts';
import { openEnterpriseDb, type Db } from '../../db/client.ts';
import { enterpriseRow, NOW, uscc } from '../../test-support.ts';
import { makeIdNumber } from '../../../../lib/identifiers/id-number.ts';
import { RUNNER_WAL_AUTOCHECKPOINT_PAGES, runIngest, useRunnerCheckpoints, type IngestRun } from './job.ts';

const dir = mkdtempSync(join(tmpdir(), 'creditgraph-job-'));
let db: Db;
const item = loadCatalogue().item('FR-CF-001')!;
const sender = { departmentCode: 'eco', departmentName: '深圳市生态环境局', actorKind: 'OPERATOR' as const, actorId: 'op-1' };
const log = createLogger({ name: 'job-test', level: 'silent' });

beforeAll(async () => {
  const url = `file:${join(dir, 'enterprise.db')}`;
  await applyMigrations({ subgraph: 'enterprise', provider: 'sqlite', url });
  db = await openEnterpriseDb('sqlite', url);
  await db.prisma.enterprise.createMany({ data: [enterpriseRow(1), enterpriseRow(2)] });
});
afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const HEADER = 'recordId,uscc,documentNumber,decisionDate,violation,legalBasis,penaltyType,amount,severity,domain';
const row = (id: string, o: { uscc?: string; date?: string; amount?: number } = {}) =>
  `${id},${o.uscc ?? uscc(1)},深环罚〔2025〕${id}号,${o.date ?? '2025-06-01'},超标排放,第九十九条,罚款,${o.amount ?? 1000},GENERAL,GENERAL`;

// Lines 2…9 of the file; batches of 3: [2,3,4] [5,6,7] [8,9].
const FILE = [
  HEADER,
  row('J-1'), row('J-2', { date: 'soon' }), row('J-3', { uscc: uscc(2) }), // good, bad, good | boundary
  row('J-4', { uscc: 'not-a-code' }), row('J-1', { amount: 2000 }), 'J-6,only,three', // bad, J-1's next version, malformed | boundary
  row('J-7'), row('J-1', { amount: 2000 }), // good, J-1 again as version 2 (unchanged)
].join('\r\n') + '\r\n';

async function run(jobId: string, content = FILE, o: Partial<IngestRun> = {}) {
  await db.prisma.collectionReceipt.create({ data: { id: jobId, departmentCode: 'eco', itemCode: item.code, channel: 'BULK', status: 'RUNNING', actorKind: 'OPERATOR', actorId: 'op-1', receivedAt: NOW } });
  const file = join(dir, `${jobId}.upload`);
  writeFileSync(file, content);
  await runIngest({ db, provider: 'sqlite', item, sender, jobId, file, format: 'CSV', encoding: 'UTF-8', now: () => NOW, log, batchSize: 3, ...o });
  return db.prisma.collectionReceipt.findUniqueOrThrow({ where: { id: jobId } });
}

/** Job ids of a mode: the same tests run on one database, each mode its own ids and record ids. */
const MODES = [
  { mode: 'on the job\'s thread', workerFrom: Infinity, n: 'a', p: '' },
  { mode: 'in the worker thread', workerFrom: 0, n: 'b', p: 'W' },
] as const;

describe.each(MODES)('a bulk job in batches of 3 rows, prepared $mode', ({ workerFrom, n, p }) => {
  const id = (k: number) => `00000000-0000-4000-8000-0000000000${n}${k}`;
  it('keeps the good rows and reports the bad ones on both sides of every batch boundary, a record id in two batches becoming its next version', async () => {
    const job = await run(id(1), FILE.replaceAll('J-', `J${p}-`), { workerFrom });
    expect(job).toMatchObject({ status: 'DONE', submitted: 8, accepted: 3, updated: 1, unchanged: 1, rejected: 3 });
    const rejections = await db.prisma.collectionRejection.findMany({ where: { receiptId: job.id }, orderBy: { position: 'asc' } });
    expect(rejections.map((r) => [r.position, r.sourceRecordId, r.reason, r.field])).toEqual([
      [3, `J${p}-2`, 'DATE_FORMAT', 'decisionDate'], [5, `J${p}-4`, 'USCC_FORMAT', 'uscc'], [7, null, 'MALFORMED_ROW', null],
    ]);
    const j1 = await db.prisma.collectedRecord.findFirstOrThrow({ where: { sourceRecordId: `J${p}-1` } });
    expect(j1.version).toBe(2);
    const versions = await db.prisma.collectedRecordVersion.findMany({ where: { recordId: j1.id }, orderBy: { version: 'asc' } });
    expect(versions.map((v) => [v.version, v.action, JSON.parse(v.data).amount])).toEqual([[1, 'ACCEPTED', 1000], [2, 'UPDATED', 2000]]);
    expect(await db.prisma.administrativePenalty.findUniqueOrThrow({ where: { id: j1.archiveId } })).toMatchObject({ amount: 2000 });
    // One event per accepted change: J-1, J-3, J-7 added, J-1 updated.
    expect(await db.prisma.changeEvent.count({ where: { itemCode: item.code, recordId: { in: (await db.prisma.collectedRecord.findMany({ where: { sourceRecordId: { startsWith: `J${p}-` } } })).map((c) => c.archiveId) } } })).toBe(4);
  });

  it('changes nothing when the same file is sent again: every good row UNCHANGED, no event, no version', async () => {
    // A file of final values (a file holding two versions of a record would, sent again, update it twice).
    const final = [HEADER, row('R-1'), row('R-2', { date: 'soon' }), row('R-3', { uscc: uscc(2) }), row('R-4'), 'R-5,only,three', row('R-6')].join('\r\n').replaceAll('R-', `R${p}-`);
    const first = await run(id(2), final, { workerFrom });
    expect(first).toMatchObject({ status: 'DONE', submitted: 6, accepted: 4, rejected: 2 });
    const before = await Promise.all([db.prisma.changeEvent.count(), db.prisma.collectedRecordVersion.count(), db.prisma.administrativePenalty.count()]);
    const again = await run(id(3), final, { workerFrom });
    expect(again).toMatchObject({ status: 'DONE', submitted: 6, accepted: 0, updated: 0, unchanged: 4, rejected: 2 });
    expect(await Promise.all([db.prisma.changeEvent.count(), db.prisma.collectedRecordVersion.count(), db.prisma.administrativePenalty.count()])).toEqual(before);
  });
});

describe('a bulk job prepared in the worker thread', () => {
  it('keeps a row the writer rejects after the checks (no such enterprise) with its resident ID numbers masked', async () => {
    const id = makeIdNumber('440306', '19900101', 17);
    const file = [HEADER, row('M-1'), row('M-2', { uscc: uscc(9) }).replace('超标排放', `超标排放 ${id}`), row('M-3')].join('\r\n');
    const job = await run('00000000-0000-4000-8000-0000000000c1', file, { workerFrom: 0 });
    expect(job).toMatchObject({ status: 'DONE', submitted: 3, accepted: 2, rejected: 1 });
    const [rejection] = await db.prisma.collectionRejection.findMany({ where: { receiptId: job.id } });
    expect(rejection).toMatchObject({ position: 3, sourceRecordId: 'M-2', reason: 'SUBJECT_NOT_FOUND', field: 'uscc' });
    expect(rejection!.row).not.toContain(id);
    expect(JSON.parse(rejection!.row)).toMatchObject({ recordId: 'M-2', uscc: uscc(9), violation: `超标排放 ${id.slice(0, 6)}********${id.slice(14)}` });
  });

  it('goes on from the row after the committed ones when resumed, and submits none of them again', async () => {
    const file = [HEADER, ...Array.from({ length: 8 }, (_, i) => row(`S-${i}`))].join('\r\n');
    const job = await run('00000000-0000-4000-8000-0000000000c2', file, { workerFrom: 0, skip: 5 });
    expect(job).toMatchObject({ status: 'DONE', submitted: 3, accepted: 3 });
    const ids = await db.prisma.collectedRecord.findMany({ where: { sourceRecordId: { startsWith: 'S-' } }, orderBy: { sourceRecordId: 'asc' } });
    expect(ids.map((c) => c.sourceRecordId)).toEqual(['S-5', 'S-6', 'S-7']);
  });

  it('fails the job with the file\'s problem when the file cannot be read on, the batches before it in', async () => {
    const file = [HEADER, row('Q-1'), row('Q-2'), row('Q-3'), row('Q-4'), 'Q-5,"never closed'].join('\r\n');
    const job = await run('00000000-0000-4000-8000-0000000000c3', file, { workerFrom: 0 });
    expect(job).toMatchObject({ status: 'FAILED', submitted: 3, accepted: 3 });
    expect(job.error).toMatch(/^line 6: a quoted field is not closed/);
  });

  it('fails the job with WORKER_FAILED, not a wait for ever, when the worker dies (a row past its heap)', async () => {
    // One quoted cell of 64 MB: read character by character into a string the worker's 16 MB heap cannot hold.
    const file = `${HEADER}\r\n${row('H-1')}\r\n${row('H-2')}\r\n${row('H-3')}\r\nH-4,"${'x'.repeat(64 << 20)}"\r\n`;
    const job = await run('00000000-0000-4000-8000-0000000000c4', file, { workerFrom: 0, workerLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 } });
    expect(job).toMatchObject({ status: 'FAILED', submitted: 3, accepted: 3 });
    expect(job.error).toMatch(/^WORKER_FAILED: the worker reading the file stopped: .+; the first 3 rows are in$/);
  }, 60_000);
});

describe("the runner process's checkpoints", () => {
  it('sets the WAL checkpoint interval on the connection the job writes on, for its later statements too', async () => {
    const interval = async () => Number((await db.prisma.$queryRawUnsafe<{ wal_autocheckpoint: bigint | number }[]>('PRAGMA wal_autocheckpoint'))[0]?.wal_autocheckpoint);
    expect(await interval()).toBe(1000); // SQLite's own, which in-process jobs keep
    await useRunnerCheckpoints(db);
    await db.prisma.enterprise.count();
    expect(await interval()).toBe(RUNNER_WAL_AUTOCHECKPOINT_PAGES);
    await useRunnerCheckpoints(db, 1000);
    expect(await interval()).toBe(1000);
  });
});
