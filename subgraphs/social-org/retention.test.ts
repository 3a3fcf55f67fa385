/**
 * Retention of social organisations' records (issue 13): the daily run logs the expiries of penalties
 * and list entries in the social-org change log, deletes negative records (penalties, black-list
 * entries) five years (or RETENTION_NEGATIVE_YEARS) after their publicity end with the collected
 * values that held them, and keeps its report; the CLI's `retention run` covers them.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runCli } from '../../scripts/cli.ts';
import type { CliContext } from '../../scripts/cli/command.ts';
import { postgresAvailable, startPostgres, type PostgresInstance } from '../../tests/support/postgres.ts';
import { freshDatabase, type FreshDatabase } from '../../tests/support/subgraph.ts';
import { openSocialOrgDb, type Db } from './db/client.ts';
import { runOrgRetention } from './db/retention.ts';

const NOW = new Date('2025-06-14T17:00:00Z');
const TODAY = '2025-06-15';
const ORG = '51330500MJ10000010';
const NOW_RECEIVED = new Date('2019-01-01T00:00:00Z');

const penalty = (id: string, publicityEndDate: string | null, withdrawnOn: string | null = null) => ({
  id, uscc: ORG, documentNumber: `湖民罚〔2018〕${id}号`, decisionDate: '2018-01-01', violation: '未按规定年检', penaltyType: '警告',
  sourceDepartment: '湖州市民政局', publicityEndDate, withdrawnOn,
});
const entry = (id: string, listType: 'RED' | 'BLACK', publicityEndDate: string | null, removedOn: string | null = null) => ({
  id, uscc: ORG, listType, listName: listType === 'RED' ? '5A级社会组织' : '社会组织严重违法失信名单', reason: 'x', listingAuthority: '湖州市民政局',
  listedOn: '2016-01-01', removedOn, publicityEndDate,
});

async function seed(db: Db): Promise<void> {
  await db.prisma.socialOrgPenalty.createMany({ data: [
    penalty('old-pen', '2019-01-01'), penalty('recent-pen', '2025-06-01'), penalty('live-pen', '2027-01-01'),
    penalty('withdrawn-pen', '2025-06-01', '2024-01-01'),
  ] });
  await db.prisma.socialOrgListEntry.createMany({ data: [
    entry('old-black', 'BLACK', '2019-01-01'), entry('old-red', 'RED', '2019-01-01'), entry('live-black', 'BLACK', '2027-01-01'),
  ] });
  // The old penalty came from a department: its values are kept in the versions until deletion.
  await db.prisma.collectedRecord.create({ data: {
    id: 'c-old', archiveId: 'old-pen', departmentCode: 'civil', itemCode: 'SHZZ-CF-001', sourceRecordId: 'CIVIL-1', recordType: 'SocialOrgPenalty',
    subject: ORG, version: 1, contentHash: 'h', state: 'ACTIVE', firstReceivedAt: NOW_RECEIVED, lastReceivedAt: NOW_RECEIVED,
  } });
  await db.prisma.collectedRecordVersion.create({ data: {
    recordId: 'c-old', version: 1, action: 'ACCEPTED', receiptId: 'r', receivedAt: NOW_RECEIVED, contentHash: 'h', data: '{"violation":"未按规定年检"}',
  } });
}

describe('a social-org retention run', () => {
  let fresh: FreshDatabase;
  let db: Db;
  beforeAll(async () => {
    fresh = await freshDatabase('social-org');
    db = await openSocialOrgDb('sqlite', fresh.url);
    await seed(db);
  });
  afterAll(async () => {
    await db?.close();
    fresh?.remove();
  });

  it('deletes negative records five years past their publicity end with their collected values, keeps the red list, and logs every expiry', async () => {
    const run = await runOrgRetention(db, { today: TODAY, now: NOW, negativeYears: 5, trigger: 'CLI' });
    expect(run).toMatchObject({ day: TODAY, deleteBefore: '2020-06-15', expired: 4, deleted: 2, held: 0, trigger: 'CLI' });
    expect(JSON.parse(run.detail!).tables).toEqual({
      SocialOrgPenalty: { expired: 2, deleted: 1, held: 0 }, SocialOrgListEntry: { expired: 2, deleted: 1, held: 0 },
    });
    expect((await db.prisma.socialOrgPenalty.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((p) => p.id))
      .toEqual(['live-pen', 'recent-pen', 'withdrawn-pen']);
    expect((await db.prisma.socialOrgListEntry.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((e) => e.id))
      .toEqual(['live-black', 'old-red']);
    expect(await db.prisma.collectedRecordVersion.count({ where: { recordId: 'c-old' } })).toBe(0);
    expect(await db.prisma.collectedRecord.findUnique({ where: { id: 'c-old' } })).toMatchObject({ state: 'DELETED' });

    const events = await db.prisma.changeEvent.findMany({ where: { source: 'RETENTION' }, orderBy: { seq: 'asc' } });
    expect(events.map((e) => [e.type, e.subjectKind, e.subject, e.category, e.recordType, e.recordId])).toEqual([
      ['RECORD_EXPIRED', 'SOCIAL_ORGANIZATION', ORG, 'PENALTIES', 'SocialOrgPenalty', 'old-pen'],
      ['RECORD_EXPIRED', 'SOCIAL_ORGANIZATION', ORG, 'PENALTIES', 'SocialOrgPenalty', 'recent-pen'],
      ['RECORD_EXPIRED', 'SOCIAL_ORGANIZATION', ORG, 'BLACK_LIST', 'SocialOrgListEntry', 'old-black'],
      ['RECORD_EXPIRED', 'SOCIAL_ORGANIZATION', ORG, 'RED_LIST', 'SocialOrgListEntry', 'old-red'],
      ['RECORD_DELETED', 'SOCIAL_ORGANIZATION', ORG, 'PENALTIES', 'SocialOrgPenalty', 'old-pen'],
      ['RECORD_DELETED', 'SOCIAL_ORGANIZATION', ORG, 'BLACK_LIST', 'SocialOrgListEntry', 'old-black'],
    ]);
  });

  it('logs on the next day only the expiries since the previous run', async () => {
    await db.prisma.socialOrgPenalty.create({ data: penalty('today-pen', '2025-06-15') });
    const run = await runOrgRetention(db, { today: '2025-06-16', now: new Date(NOW.getTime() + 86_400_000), negativeYears: 5, trigger: 'SCHEDULED' });
    expect(run).toMatchObject({ expired: 1, deleted: 0 });
    const last = await db.prisma.changeEvent.findMany({ orderBy: { seq: 'desc' }, take: 1 });
    expect(last).toEqual([expect.objectContaining({ type: 'RECORD_EXPIRED', recordId: 'today-pen', source: 'RETENTION' })]);
  });

  it('is run with the enterprise records\' from the CLI, its report on a line of its own, and listed', async () => {
    const enterprise = await freshDatabase('enterprise');
    let out = '';
    const ctx: CliContext = {
      env: { RETENTION_NEGATIVE_YEARS: '7' }, db: () => { throw new Error('no platform database here'); }, dataDir: async () => fresh.dir,
      databaseUrl: async (name) => ({ provider: 'sqlite', url: name === 'social-org' ? fresh.url : enterprise.url }),
      out: (t) => { out += `${t}\n`; }, err: () => {}, now: () => new Date('2025-06-17T02:00:00Z'),
    };
    try {
      expect(await runCli(['retention', 'run'], ctx)).toBe(0);
      expect(out).toMatch(/\n {2}social organisations: 2025-06-17 CLI +expired 0, deleted 0 \(negative records ended before 2018-06-17\), held 0 /);
      out = '';
      expect(await runCli(['retention', 'list', '--social-org', '--json'], ctx)).toBe(0);
      expect((JSON.parse(out) as Array<{ day: string; trigger: string }>).map((r) => [r.day, r.trigger]))
        .toEqual([['2025-06-17', 'CLI'], ['2025-06-16', 'SCHEDULED'], ['2025-06-15', 'CLI']]);
    } finally {
      enterprise.remove();
    }
  });
});

(postgresAvailable() ? describe : describe.skip)('a social-org retention run on PostgreSQL', () => {
  let pg: PostgresInstance;
  let pdb: Db;
  beforeAll(async () => {
    pg = await startPostgres();
    const fresh = await freshDatabase('social-org', { postgresUrl: await pg.createDatabase('social_org_retention') });
    pdb = await openSocialOrgDb('postgresql', fresh.url);
    await seed(pdb);
  }, 120_000);
  afterAll(async () => {
    await pdb?.close();
    await pg?.stop();
  });

  it('deletes and logs as on SQLite', async () => {
    const run = await runOrgRetention(pdb, { today: TODAY, now: NOW, negativeYears: 5, trigger: 'CLI' });
    expect(run).toMatchObject({ expired: 4, deleted: 2, held: 0 });
    expect((await pdb.prisma.socialOrgPenalty.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((p) => p.id))
      .toEqual(['live-pen', 'recent-pen', 'withdrawn-pen']);
    expect(await pdb.prisma.changeEvent.count({ where: { type: 'RECORD_DELETED' } })).toBe(2);
  });
});
