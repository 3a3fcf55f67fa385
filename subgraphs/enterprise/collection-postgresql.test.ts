/**
 * Collection over PostgreSQL (skipped where no PostgreSQL binaries are installed): the raw bulk
 * inserts bind the same values Prisma reads back — instants, booleans, numbers — and the walk of
 * submit, replay, update and withdraw behaves as on SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { postgresAvailable, startPostgres, type PostgresInstance } from '../../tests/support/postgres.ts';
import { eco, penalty, SUBMIT } from './collection/test-support.ts';
import { insertArchive } from './db/index.ts';
import { enterpriseRow, NOW, startTestSubgraph, uscc, type TestSubgraph } from './test-support.ts';

const maybe = postgresAvailable() ? describe : describe.skip;
type Body = { data?: Record<string, any> | null; errors?: unknown[] };

maybe('collection on PostgreSQL', () => {
  let pg: PostgresInstance;
  let sg: TestSubgraph;
  const submit = async (records: unknown[], item = 'FR-CF-001') => ((await sg.query(eco, SUBMIT, { item, records })).body as Body).data!.submitRecords;

  beforeAll(async () => {
    pg = await startPostgres();
    sg = await startTestSubgraph({ postgresUrl: await pg.createDatabase('enterprise_collection') });
    await insertArchive(sg.db, { enterprises: [enterpriseRow(1)] });
  }, 120_000);
  afterAll(async () => {
    await sg?.stop();
    await pg?.stop();
  });

  it('submits, replays, updates and withdraws, and reads back what the raw inserts wrote', async () => {
    const first = await submit([penalty('PG-1'), penalty('PG-2', { severity: 'HUGE' })]);
    expect(first).toMatchObject({ accepted: 1, rejected: 1 });
    const id = first.results[0].archiveRecordId;
    expect(await sg.db.prisma.administrativePenalty.findUnique({ where: { id } })).toMatchObject({
      uscc: uscc(1), amount: 200000, underObjection: false, status: 'PUBLISHED', publicityEndDate: '2028-06-01', publicityPeriodMonths: 36,
    });
    expect(await sg.db.prisma.collectedRecord.findFirst({ where: { archiveId: id } })).toMatchObject({ firstReceivedAt: NOW, lastReceivedAt: NOW, version: 1 });
    expect(await sg.db.prisma.changeEvent.findFirst({ where: { recordId: id } })).toMatchObject({ at: NOW, type: 'RECORD_ADDED', version: 1 });
    expect(await sg.db.prisma.collectionRejection.findFirst({ where: { receiptId: first.id } })).toMatchObject({ position: 1, reason: 'VALUE_NOT_ALLOWED' });
    expect((await submit([penalty('PG-1')])).unchanged).toBe(1);
    expect((await submit([penalty('PG-1', { amount: 1.5 })])).results[0]).toMatchObject({ outcome: 'UPDATED', version: 2 });
    const withdrawn = (await sg.query(eco, 'mutation { withdrawRecord(item: "FR-CF-001", recordId: "PG-1", reason: "撤销") { withdrawn } }')).body as Body;
    expect(withdrawn.data!.withdrawRecord.withdrawn).toBe(1);
    expect((await sg.db.prisma.administrativePenalty.findUnique({ where: { id } }))!).toMatchObject({ status: 'WITHDRAWN', amount: 1.5 });
  });
});
