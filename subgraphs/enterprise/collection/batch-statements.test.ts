/**
 * The statements of one collection batch, counted (as loader tests count them): a bulk load's speed
 * is set by how many statements a batch sends and how large they are, not by the rows alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadCatalogue } from '../../../lib/catalogue/index.ts';
import { applyMigrations } from '../../../lib/db/migrations.ts';
import { openEnterpriseDb, type Db, type Tx } from '../db/client.ts';
import { insertRows } from '../../../lib/db/bulk-insert.ts';
import { sqliteTransactionDriver, transaction } from '../../../lib/db/client.ts';
import { enterpriseRow, NOW, TODAY } from '../test-support.ts';
import { submitBatch } from './submit.ts';
import { findCollected } from '../db/collection.ts';
import { penalty } from './test-support.ts';

const dir = mkdtempSync(join(tmpdir(), 'creditgraph-batch-'));
const statements: string[] = [];
let db: Db;

beforeAll(async () => {
  const url = `file:${join(dir, 'enterprise.db')}`;
  await applyMigrations({ subgraph: 'enterprise', provider: 'sqlite', url });
  db = await openEnterpriseDb('sqlite', url, (sql) => statements.push(sql));
  await db.prisma.enterprise.createMany({ data: [enterpriseRow(1)] });
});
afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const item = loadCatalogue().item('FR-CF-001')!;
const sender = { departmentCode: 'eco', departmentName: '深圳市生态环境局', actorKind: 'OPERATOR' as const, actorId: 'op-1' };
const batch = (receiptId: string, n: number) => ({
  item, sender, receiptId, openReceipt: { channel: 'API' as const }, now: NOW, today: TODAY, delivery: true, provider: 'sqlite' as const,
  records: Array.from({ length: n }, (_, i) => ({ position: i, value: penalty(`S-${i}`) })),
});

describe('a collection batch', () => {
  it('writes 2,000 records as prepared INSERTs of 64 rows each on the transaction\'s connection and looks them up on it', async () => {
    statements.length = 0;
    const { counts } = await submitBatch(db, batch('00000000-0000-4000-8000-000000000001', 2000));
    expect(counts).toMatchObject({ submitted: 2000, accepted: 2000, rejected: 0 });
    const inserts = (table: string) => statements.filter((s) => s.startsWith(`INSERT INTO "${table}"`));
    const tables = ['AdministrativePenalty', 'CollectedRecord', 'CollectedRecordVersion', 'ChangeEvent'];
    // One INSERT reported per table (the statement as prepared, run 32 times: 2,000 = 31 × 64 + 16 rows).
    expect(tables.map((t) => inserts(t).length)).toEqual([1, 1, 1, 1]);
    for (const t of tables) expect(inserts(t)[0]!.split('), (')).toHaveLength(64);
    // The lookups by the department's own ids and by USCC: one prepared statement each, the keys as one JSON list.
    expect(statements.filter((s) => /FROM "CollectedRecord" WHERE .*json_each\(\?\)/.test(s))).toHaveLength(1);
    expect(statements.filter((s) => /FROM "Enterprise" WHERE .*json_each\(\?\)/.test(s))).toHaveLength(1);
    expect(await db.prisma.administrativePenalty.count()).toBe(2000);
    const stored = await db.prisma.administrativePenalty.findFirstOrThrow({ where: { documentNumber: penalty('S-1999').documentNumber as string } });
    expect(stored).toMatchObject({ amount: 200000, publicityEndDate: expect.any(String) });
  });

  it('looks a batch\'s records up on the connection of its open transaction, seeing rows written earlier in it', async () => {
    const seen = await transaction(db, async (tx) => {
      await insertRows(tx, 'sqlite', 'CollectedRecord', [{
        id: 'in-tx-1', archiveId: 'a-in-tx-1', departmentCode: 'eco', itemCode: item.code, sourceRecordId: 'IN-TX', recordType: 'AdministrativePenalty',
        subject: 'x', version: 1, contentHash: 'h', state: 'ACTIVE', firstReceivedAt: NOW, lastReceivedAt: NOW,
      }]);
      const rows = await findCollected(db, 'eco', item.code, ['IN-TX'], tx);
      throw Object.assign(new Error('roll back'), { rows });
    }).catch((err: { rows?: unknown[] }) => err.rows);
    expect(seen).toEqual([expect.objectContaining({ sourceRecordId: 'IN-TX', version: 1, firstReceivedAt: NOW })]);
    // The reader (outside any transaction) never saw it: it was rolled back.
    expect(await findCollected(db, 'eco', item.code, ['IN-TX'])).toEqual([]);
  });

  it('gives new records ids that sort in arrival order (appended to the indexes, not scattered)', async () => {
    const rows = await db.prisma.collectedRecord.findMany({ select: { id: true, archiveId: true, sourceRecordId: true } });
    const byPosition = [...rows].sort((a, b) => Number(a.sourceRecordId.slice(2)) - Number(b.sourceRecordId.slice(2)));
    expect(byPosition.map((r) => r.id)).toEqual([...byPosition.map((r) => r.id)].sort());
    expect(byPosition.map((r) => r.archiveId)).toEqual([...byPosition.map((r) => r.archiveId)].sort());
  });

  it('lets the event loop turn while a batch of 2,000 records is checked, and never while its transaction is open', async () => {
    // The client's one connection: another request's plain statement run during a turn inside the
    // transaction would land in it (Prisma's SQLite adapter locks only transactions).
    const connection = await transaction(db, async (tx) => sqliteTransactionDriver(tx)!.connection);
    let turns = 0;
    let inTransaction = 0;
    let on = true;
    const tick = () => { if (on) { turns++; if (connection.inTransaction) inTransaction++; setImmediate(tick); } };
    setImmediate(tick);
    const { counts } = await submitBatch(db, { ...batch('00000000-0000-4000-8000-0000000000f1', 0), records: Array.from({ length: 2000 }, (_, i) => ({ position: i, value: penalty(`T-${i}`) })) });
    on = false;
    expect(counts.accepted).toBe(2000);
    // A turn every 256 records checked: 7 in 2,000.
    expect(turns).toBeGreaterThanOrEqual(7);
    expect(inTransaction).toBe(0);
  });

  it('answers the same 2,000 records again as UNCHANGED, inserting nothing into the archive', async () => {
    statements.length = 0;
    const { counts } = await submitBatch(db, batch('00000000-0000-4000-8000-000000000002', 2000));
    expect(counts).toMatchObject({ submitted: 2000, unchanged: 2000 });
    expect(statements.filter((s) => /^INSERT INTO "(AdministrativePenalty|CollectedRecord)"/.test(s))).toEqual([]);
  });

  it('takes a record id twice in one batch as the record and then its next version, both versions kept', async () => {
    const receiptId = '00000000-0000-4000-8000-000000000003';
    const { results, counts } = await submitBatch(db, {
      ...batch(receiptId, 0),
      records: [
        { position: 0, value: penalty('D-1') }, { position: 1, value: penalty('D-1') },
        { position: 2, value: penalty('D-1', { amount: 1234 }) },
      ],
    });
    expect(results.map((r) => [r.outcome, r.version])).toEqual([['ACCEPTED', 1], ['UNCHANGED', 1], ['UPDATED', 2]]);
    expect(counts).toMatchObject({ submitted: 3, accepted: 1, unchanged: 1, updated: 1 });
    const record = await db.prisma.collectedRecord.findFirstOrThrow({ where: { sourceRecordId: 'D-1' } });
    expect(record.version).toBe(2);
    const versions = await db.prisma.collectedRecordVersion.findMany({ where: { recordId: record.id }, orderBy: { version: 'asc' } });
    expect(versions.map((v) => [v.version, v.action, JSON.parse(v.data).amount])).toEqual([[1, 'ACCEPTED', 200000], [2, 'UPDATED', 1234]]);
    // One archive row, with the last values (a whole number written as one, not as '1234.0').
    expect(await db.prisma.administrativePenalty.findUniqueOrThrow({ where: { id: record.archiveId } })).toMatchObject({ amount: 1234 });
    expect(await db.prisma.changeEvent.count({ where: { recordId: record.archiveId } })).toBe(2);
  });

  it('writes the good records of a mixed batch and the bad ones as rejections, and a replay of it changes nothing', async () => {
    const mixed = (receiptId: string) => ({
      ...batch(receiptId, 0),
      records: [
        { position: 0, value: penalty('M-1') }, { position: 1, value: penalty('M-2', { decisionDate: 'yesterday' }) },
        { position: 2, value: penalty('M-3') }, { position: 3, value: 'not a record', malformed: 'the line is not a JSON value' },
      ],
    });
    const first = await submitBatch(db, mixed('00000000-0000-4000-8000-000000000004'));
    expect(first.results.map((r) => r.outcome)).toEqual(['ACCEPTED', 'REJECTED', 'ACCEPTED', 'REJECTED']);
    const rejections = await db.prisma.collectionRejection.findMany({ where: { receiptId: '00000000-0000-4000-8000-000000000004' }, orderBy: { position: 'asc' } });
    expect(rejections.map((r) => [r.position, r.reason])).toEqual([[1, first.results[1]!.reason], [3, 'MALFORMED_ROW']]);
    const events = await db.prisma.changeEvent.count();
    const replay = await submitBatch(db, mixed('00000000-0000-4000-8000-000000000005'));
    expect(replay.results.map((r) => r.outcome)).toEqual(['UNCHANGED', 'REJECTED', 'UNCHANGED', 'REJECTED']);
    expect(await db.prisma.changeEvent.count()).toBe(events);
  });

  it('rolls back every row a batch wrote when a later statement of its transaction fails', async () => {
    const before = await Promise.all([db.prisma.administrativePenalty.count(), db.prisma.collectedRecord.count(), db.prisma.collectedRecordVersion.count()]);
    // Change-log rows already at every sequence number the batch could take next: its change-log
    // INSERT, after the archive rows, fails. (A range, not one number: the test does not depend on
    // how many events the batch writes, nor on reading the counter at the same instant it does.)
    const { value } = await db.prisma.changeEventSequence.findUniqueOrThrow({ where: { id: 1 } });
    await db.prisma.changeEvent.createMany({ data: Array.from({ length: 200 }, (_, i) => ({
      seq: value + 1 + i, at: NOW, type: 'RECORD_ADDED', subjectKind: 'LEGAL_PERSON', subject: 'x', category: 'PENALTIES',
      recordType: 'AdministrativePenalty', recordId: 'x', source: 'COLLECTION',
    })) });
    const failing = { ...batch('00000000-0000-4000-8000-000000000006', 0), records: Array.from({ length: 5 }, (_, i) => ({ position: i, value: penalty(`R-${i}`) })) };
    const outcome = await submitBatch(db, failing).then((r) => r.results.map((x) => x.outcome), (err: unknown) => err);
    // Matched by its code, not `rejects.toThrow()`: better-sqlite3's SqliteError comes from the realm
    // the native module was first loaded in, which is not this test file's when jest reuses a worker,
    // so `instanceof Error` (and toThrow) is false there and the assertion failed only in full runs.
    expect(outcome).toEqual(expect.objectContaining({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' }));
    expect(await Promise.all([db.prisma.administrativePenalty.count(), db.prisma.collectedRecord.count(), db.prisma.collectedRecordVersion.count()])).toEqual(before);
    expect(await db.prisma.collectionReceipt.findUnique({ where: { id: '00000000-0000-4000-8000-000000000006' } })).toBeNull();
    await db.prisma.changeEvent.deleteMany({ where: { subject: 'x' } });
  });

  it('writes nothing through a transaction\'s handle once that transaction has ended, even while another is open', async () => {
    let stale: Tx | undefined;
    await transaction(db, async (tx) => { stale = tx; });
    const row = { receiptId: '00000000-0000-4000-8000-000000000001', position: 99_999, sourceRecordId: 'STALE', reason: 'MALFORMED_ROW', field: null, message: 'x', row: '""' };
    const refused = await transaction(db, async () => insertRows(stale!, 'sqlite', 'CollectionRejection', [row])).then(() => null, (err: unknown) => err);
    // Falls back to Prisma, which refuses the closed transaction (P2028; matched by code as above).
    expect(refused).toEqual(expect.objectContaining({ code: 'P2028' }));
    expect(await db.prisma.collectionRejection.count({ where: { sourceRecordId: 'STALE' } })).toBe(0);
  });
});
