/**
 * Retention (issue 13): the daily run logs expiries and deletes negative records five years (or
 * RETENTION_NEGATIVE_YEARS) after their publicity end, leaving records under objection or repair;
 * every run is kept as a report, listable from the CLI; the in-process schedule's next run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadCatalogue } from '../../lib/catalogue/index.ts';
import { applyMigrations } from '../../lib/db/migrations.ts';
import { runCli } from '../../scripts/cli.ts';
import { postgresAvailable, startPostgres, type PostgresInstance } from '../../tests/support/postgres.ts';
import type { CliContext } from '../../scripts/cli/command.ts';
import { untilNextRun, yearsBefore } from '../../lib/collection/retention.ts';
import { submitBatch } from './collection/submit.ts';
import { penalty } from './collection/test-support.ts';
import { loadRetentionConfig } from './config.ts';
import { openEnterpriseDb, type Db } from './db/client.ts';
import { insertArchive } from './db/records.ts';
import { runRetention } from './db/retention.ts';
import { archiveRows, enterpriseRow, mergeArchives, NOW, TODAY, uscc } from './test-support.ts';

const dir = mkdtempSync(join(tmpdir(), 'creditgraph-retention-'));
const url = `file:${join(dir, 'enterprise.db')}`;
// The CLI's run covers the social-org subgraph's records too (subgraphs/social-org/retention.test.ts).
const orgUrl = `file:${join(dir, 'social-org.db')}`;
let db: Db;
const A = uscc(1);
const ENDED_2019 = { publicityEndDate: '2019-01-01' };

beforeAll(async () => {
  await applyMigrations({ subgraph: 'enterprise', provider: 'sqlite', url });
  await applyMigrations({ subgraph: 'social-org', provider: 'sqlite', url: orgUrl });
  db = await openEnterpriseDb('sqlite', url);
  const objected = archiveRows(A, 'obj', ENDED_2019).penalties.map((p) => ({ ...p, underObjection: true }));
  await insertArchive(db, mergeArchives(
    { enterprises: [enterpriseRow(1)] },
    archiveRows(A, 'old', ENDED_2019),
    archiveRows(A, 'recent', { publicityEndDate: '2025-06-01' }),
    archiveRows(A, 'live'),
    { penalties: [...objected, ...archiveRows(A, 'rep', ENDED_2019).penalties] },
  ), NOW);
  await db.prisma.repairApplication.create({ data: {
    uscc: A, recordType: 'AdministrativePenalty', recordId: 'rep-pen', commitment: '已整改', evidence: '[]', status: 'PENDING',
    appliedAt: NOW, dueOn: '2025-06-30', pendingKey: 'AdministrativePenalty:rep-pen',
  } });
  // The old penalty came from a department: its values are kept in the versions until deletion.
  await db.prisma.collectedRecord.create({ data: {
    id: 'c-old', archiveId: 'old-pen', departmentCode: 'eco', itemCode: 'FR-CF-001', sourceRecordId: 'ECO-1', recordType: 'AdministrativePenalty',
    subject: A, version: 1, contentHash: 'h', state: 'ACTIVE', firstReceivedAt: NOW, lastReceivedAt: NOW,
  } });
  await db.prisma.collectedRecordVersion.create({ data: {
    recordId: 'c-old', version: 1, action: 'ACCEPTED', receiptId: 'r', receivedAt: NOW, contentHash: 'h', data: '{"amount":5000}',
  } });
});
afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a retention run', () => {
  it('deletes negative records five years past their publicity end, holds those under objection or repair, and logs every expiry', async () => {
    const run = await runRetention(db, { today: TODAY, now: NOW, negativeYears: 5, trigger: 'CLI' });
    expect(run).toMatchObject({ day: TODAY, deleteBefore: '2020-06-15', deleted: 2, held: 2, trigger: 'CLI' });
    expect(await db.prisma.administrativePenalty.findMany({ select: { id: true }, orderBy: { id: 'asc' } }))
      .toEqual([{ id: 'live-pen' }, { id: 'obj-pen' }, { id: 'recent-pen' }, { id: 'rep-pen' }]);
    // The red-list entry of 2019 is not negative: it stays (expired, withheld on read).
    expect((await db.prisma.listEntry.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((e) => e.id))
      .toEqual(['live-black', 'live-red', 'old-red', 'recent-black', 'recent-red']);
    expect(JSON.parse(run.detail!).held).toEqual([
      { recordType: 'AdministrativePenalty', id: 'obj-pen', why: 'OBJECTION' },
      { recordType: 'AdministrativePenalty', id: 'rep-pen', why: 'REPAIR' },
    ]);
    // The department's values went with the record; its own id stays taken.
    expect(await db.prisma.collectedRecordVersion.count({ where: { recordId: 'c-old' } })).toBe(0);
    expect(await db.prisma.collectedRecord.findUnique({ where: { id: 'c-old' } })).toMatchObject({ state: 'DELETED' });

    const events = await db.prisma.changeEvent.findMany({ where: { source: 'RETENTION' }, orderBy: { seq: 'asc' } });
    const of = (type: string) => events.filter((e) => e.type === type).map((e) => e.recordId).sort();
    expect(of('RECORD_DELETED')).toEqual(['old-black', 'old-pen']);
    // Every PUBLISHED record whose end has passed: 10 of 2019, 10 of 2025-06-01, the two held penalties.
    expect(of('RECORD_EXPIRED')).toHaveLength(22);
    expect(of('RECORD_EXPIRED')).not.toContain('live-pen');
    expect(run.expired).toBe(22);
  });

  it('logs on the next day only the expiries since the previous run', async () => {
    await insertArchive(db, { penalties: archiveRows(A, 'today', { publicityEndDate: '2025-06-15' }).penalties }, NOW);
    const run = await runRetention(db, { today: '2025-06-16', now: new Date(NOW.getTime() + 86_400_000), negativeYears: 5, trigger: 'SCHEDULED' });
    expect(run).toMatchObject({ expired: 1, deleted: 0, held: 2 });
    const last = await db.prisma.changeEvent.findMany({ where: { source: 'RETENTION' }, orderBy: { seq: 'desc' }, take: 1 });
    expect(last).toEqual([expect.objectContaining({ type: 'RECORD_EXPIRED', recordId: 'today-pen', category: 'PENALTIES' })]);
  });

  it('is run and listed from the CLI', async () => {
    let out = '';
    const ctx: CliContext = {
      env: { RETENTION_NEGATIVE_YEARS: '7' }, db: () => { throw new Error('no platform database here'); }, dataDir: async () => dir,
      databaseUrl: async (name) => ({ provider: 'sqlite', url: name === 'enterprise' ? url : orgUrl }),
      out: (t) => { out += `${t}\n`; }, err: () => {}, now: () => new Date('2025-06-17T02:00:00Z'),
    };
    expect(await runCli(['retention', 'run'], ctx)).toBe(0);
    expect(out).toMatch(/^2025-06-17 CLI +expired 0, deleted 0 \(negative records ended before 2018-06-17\), held 0 /);
    out = '';
    expect(await runCli(['retention', 'list', '--json'], ctx)).toBe(0);
    expect((JSON.parse(out) as Array<{ day: string; trigger: string }>).map((r) => [r.day, r.trigger]))
      .toEqual([['2025-06-17', 'CLI'], ['2025-06-16', 'SCHEDULED'], ['2025-06-15', 'CLI']]);
  });
});

describe('the retention schedule', () => {
  it('runs next at the configured hour, China Standard Time', () => {
    // 2025-06-14T17:00Z is 01:00 CST on the 15th: 03:00 CST is two hours away, 01:00 a day away.
    expect(untilNextRun(NOW, 3)).toBe(2 * 3_600_000);
    expect(untilNextRun(NOW, 1)).toBe(24 * 3_600_000);
    expect(untilNextRun(NOW, 0)).toBe(23 * 3_600_000);
  });

  it('reads the hour and the years from the environment, 03:00 and 5 by default, and can be left to the CLI', () => {
    expect(loadRetentionConfig({})).toEqual({ hourCst: 3, negativeYears: 5 });
    expect(loadRetentionConfig({ RETENTION_HOUR_CST: 'off', RETENTION_NEGATIVE_YEARS: '3' })).toEqual({ hourCst: null, negativeYears: 3 });
    expect(() => loadRetentionConfig({ RETENTION_HOUR_CST: '24' })).toThrow(/RETENTION_HOUR_CST/);
  });

  it('counts years back on the calendar', () => {
    expect(yearsBefore('2025-06-15', 5)).toBe('2020-06-15');
    expect(yearsBefore('2024-02-29', 1)).toBe('2023-02-29');
  });
});

describe('a record deleted by retention', () => {
  it('does not come back when its department sends it again', async () => {
    const { results } = await submitBatch(db, {
      item: loadCatalogue().item('FR-CF-001')!, sender: { departmentCode: 'eco', departmentName: '深圳市生态环境局', actorKind: 'OPERATOR', actorId: 'op-1' },
      receiptId: 'r-again', openReceipt: { channel: 'API' }, now: NOW, today: TODAY, delivery: true, provider: 'sqlite',
      records: [{ position: 0, value: penalty('ECO-1', { uscc: A, amount: 7000 }) }],
    });
    expect(results[0]).toMatchObject({ outcome: 'REJECTED', reason: 'RECORD_WITHDRAWN', field: 'recordId' });
    expect(await db.prisma.administrativePenalty.findUnique({ where: { id: 'old-pen' } })).toBeNull();
  });
});

(postgresAvailable() ? describe : describe.skip)('a retention run on PostgreSQL', () => {
  let pg: PostgresInstance;
  let pdb: Db;
  beforeAll(async () => {
    pg = await startPostgres();
    const pgUrl = await pg.createDatabase('enterprise_retention');
    await applyMigrations({ subgraph: 'enterprise', provider: 'postgresql', url: pgUrl });
    pdb = await openEnterpriseDb('postgresql', pgUrl);
    const objected = archiveRows(A, 'obj', ENDED_2019).penalties.map((p) => ({ ...p, underObjection: true }));
    await insertArchive(pdb, mergeArchives({ enterprises: [enterpriseRow(1)] }, archiveRows(A, 'old', ENDED_2019), { penalties: objected }), NOW);
  }, 120_000);
  afterAll(async () => {
    await pdb?.close();
    await pg?.stop();
  });

  it('deletes and holds as on SQLite', async () => {
    const run = await runRetention(pdb, { today: TODAY, now: NOW, negativeYears: 5, trigger: 'CLI' });
    expect(run).toMatchObject({ expired: 11, deleted: 2, held: 1 });
    expect((await pdb.prisma.administrativePenalty.findMany({ select: { id: true } })).map((p) => p.id)).toEqual(['obj-pen']);
  });
});
