/**
 * The job runner over a real SQLite file and spool: a job handed over is read to DONE, a job
 * stopped between batches is resumed from the row after its last committed batch (no row twice),
 * a job whose runner kept dying is FAILED with RUNNER_STOPPED, and an upload the subgraph was still
 * receiving when it stopped is FAILED with UPLOAD_INTERRUPTED. (A kill -9 of a runner process:
 * tests/ingest-runner.test.ts.)
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadCatalogue } from '../../../../lib/catalogue/index.ts';
import { applyMigrations } from '../../../../lib/db/migrations.ts';
import { createLogger } from '../../../../lib/logger.ts';
import { openEnterpriseDb, type Db } from '../../db/client.ts';
import { enterpriseRow, NOW, uscc } from '../../test-support.ts';
import { MAX_ATTEMPTS, startIngestRunner } from './runner.ts';
import { descriptionFile, failUnfinishedUploads, uploadFile, writeDescription } from './spool.ts';

const dir = mkdtempSync(join(tmpdir(), 'creditgraph-runner-'));
const spool = join(dir, 'ingest');
let db: Db;
const catalogue = loadCatalogue();
const sender = { departmentCode: 'eco', departmentName: '深圳市生态环境局', actorKind: 'OPERATOR' as const, actorId: 'op-1' };
const logger = createLogger({ name: 'runner-test', level: 'silent' });

beforeAll(async () => {
  const url = `file:${join(dir, 'enterprise.db')}`;
  await applyMigrations({ subgraph: 'enterprise', provider: 'sqlite', url });
  db = await openEnterpriseDb('sqlite', url);
  await db.prisma.enterprise.createMany({ data: [enterpriseRow(1), enterpriseRow(2)] });
  mkdirSync(spool, { recursive: true });
});
afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const HEADER = 'recordId,uscc,documentNumber,decisionDate,violation,legalBasis,penaltyType,amount,severity,domain';
/** `n` rows with ids `<prefix>-0…`, every fifth one with a date that is not one. */
const file = (prefix: string, n: number) => [HEADER, ...Array.from({ length: n }, (_, i) =>
  `${prefix}-${i},${uscc(1 + (i % 2))},深环罚〔2025〕${prefix}${i}号,${i % 5 === 4 ? 'soon' : '2025-06-01'},超标排放,第九十九条,罚款,${1000 + i},GENERAL,GENERAL`)].join('\r\n') + '\r\n';

/** A job as the ingest route leaves it: a RUNNING receipt, the upload, and (unless `handedOver` is false) its description. */
async function handOver(jobId: string, content: string, o: { attempts?: number; handedOver?: boolean } = {}) {
  await db.prisma.collectionReceipt.create({ data: { id: jobId, departmentCode: 'eco', itemCode: 'FR-CF-001', channel: 'BULK', status: 'RUNNING', actorKind: 'OPERATOR', actorId: 'op-1', receivedAt: NOW } });
  writeFileSync(uploadFile(spool, jobId), content);
  if (o.handedOver !== false) {
    await writeDescription(spool, { jobId, item: 'FR-CF-001', sender, format: 'CSV', encoding: 'UTF-8', caller: null, attempts: o.attempts ?? 0 });
  }
}

const receipt = (id: string) => db.prisma.collectionReceipt.findUniqueOrThrow({ where: { id } });

async function ended(id: string) {
  for (let i = 0; i < 600; i++) {
    const r = await receipt(id);
    if (r.status !== 'RUNNING') return r;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`job ${id} did not end`);
}

const runner = (batchSize = 3) => startIngestRunner({ db, provider: 'sqlite', catalogue, spoolDir: spool, now: () => NOW, logger, batchSize, pollMs: 20 });

describe('the ingest runner', () => {
  it('reads a job handed over in the spool to DONE and removes its files', async () => {
    const id = '00000000-0000-4000-8000-0000000000b1';
    await handOver(id, file('A', 10));
    const r = runner();
    try {
      expect(await ended(id)).toMatchObject({ status: 'DONE', submitted: 10, accepted: 8, rejected: 2, unchanged: 0, error: null });
    } finally {
      await r.stop();
    }
    expect([existsSync(uploadFile(spool, id)), existsSync(descriptionFile(spool, id))]).toEqual([false, false]);
  });

  it('stopped between batches, leaves the job RUNNING, and the next runner goes on from the row after its last batch: no row twice', async () => {
    const id = '00000000-0000-4000-8000-0000000000b2';
    await handOver(id, file('B', 30));
    const first = runner(3);
    // Stopped once a few batches are in (the stop takes effect after the batch under way).
    for (let i = 0; i < 600 && (await receipt(id)).submitted < 6; i++) await new Promise((res) => setTimeout(res, 5));
    await first.stop();
    const stopped = await receipt(id);
    expect(stopped.status).toBe('RUNNING');
    expect(stopped.submitted % 3).toBe(0);
    expect(stopped.submitted).toBeLessThan(30);
    expect(existsSync(uploadFile(spool, id))).toBe(true);
    const second = runner(3);
    try {
      // Every row once: resumed rows would come back UNCHANGED, and `submitted` would pass 30.
      expect(await ended(id)).toMatchObject({ status: 'DONE', submitted: 30, accepted: 24, rejected: 6, unchanged: 0, updated: 0 });
    } finally {
      await second.stop();
    }
    const versions = await db.prisma.collectedRecordVersion.count({ where: { receiptId: id } });
    const rejections = await db.prisma.collectionRejection.findMany({ where: { receiptId: id }, orderBy: { position: 'asc' } });
    expect(versions).toBe(24);
    expect(rejections.map((x) => x.position)).toEqual([6, 11, 16, 21, 26, 31]);
    expect(await db.prisma.changeEvent.count({ where: { recordId: { in: (await db.prisma.collectedRecord.findMany({ where: { sourceRecordId: { startsWith: 'B-' } } })).map((c) => c.archiveId) } } })).toBe(24);
  });

  it(`fails with RUNNER_STOPPED a job whose runner died ${MAX_ATTEMPTS} times while reading it, rather than trying it forever`, async () => {
    const id = '00000000-0000-4000-8000-0000000000b3';
    await handOver(id, file('C', 4), { attempts: MAX_ATTEMPTS });
    const r = runner();
    try {
      const job = await ended(id);
      expect(job).toMatchObject({ status: 'FAILED', submitted: 0 });
      expect(job.error).toMatch(/^RUNNER_STOPPED: /);
    } finally {
      await r.stop();
    }
    expect([existsSync(uploadFile(spool, id)), existsSync(descriptionFile(spool, id))]).toEqual([false, false]);
  });

  it('at the subgraph\'s start, fails with UPLOAD_INTERRUPTED a job whose upload never arrived whole, and leaves the jobs handed over', async () => {
    const lost = '00000000-0000-4000-8000-0000000000b4';
    const handed = '00000000-0000-4000-8000-0000000000b5';
    await handOver(lost, 'recordId,uscc\r\nX-1,', { handedOver: false });
    await handOver(handed, file('D', 2));
    expect(await failUnfinishedUploads(db, spool, NOW)).toBe(1);
    expect(await receipt(lost)).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/^UPLOAD_INTERRUPTED: /) });
    expect(await receipt(handed)).toMatchObject({ status: 'RUNNING' });
    const r = runner();
    try {
      expect(await ended(handed)).toMatchObject({ status: 'DONE', submitted: 2 });
    } finally {
      await r.stop();
    }
  });
});
