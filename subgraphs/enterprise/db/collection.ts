/**
 * Collection (归集): the registry of submitted records and their versions, receipts (a bulk load's
 * job), rejected rows, and the quality counters per department, item and CST day. The archive rows
 * themselves are written by collection/submit.ts through the slot's table.
 */
import type { ReceiptCounts } from '../../../lib/collection/submission.ts';
import type {
  CollectedRecord, CollectionDailyStat, CollectionReceipt, CollectionRejectStat, CollectionRejection, Prisma,
} from '../../../prisma/generated/enterprise/sqlite/client.ts';
import type { DatabaseProvider } from '../../../lib/config.ts';
import { select, type Query } from '../../../lib/db/reader.ts';
import { insertRows, selectInTransaction } from '../../../lib/db/bulk-insert.ts';
import type { Db, Tx } from './client.ts';

export type CollectedRecordRow = CollectedRecord;
export type ReceiptRow = CollectionReceipt;
export type RejectionRow = CollectionRejection;
export type DailyStatRow = CollectionDailyStat;
export type RejectStatRow = CollectionRejectStat;
type Client = Tx;

// The per-batch lookups are prepared statements (lib/db/reader.ts's form): through Prisma's client,
// turning 1,000 keys and rows in and out cost more CPU than the rest of a bulk batch. Inside the
// batch's SQLite transaction they run on its own connection (lib/db/bulk-insert.ts), whose page cache
// is warm and which sees the batch's own writes; elsewhere on the prepared reader, which sees what
// is committed, which is all a batch needs: it looks up before it writes, and the batches of a file
// are committed one after the other.
const collectedByOwnId = select('collection.collectedByOwnId',
  'SELECT * FROM "CollectedRecord" WHERE "departmentCode" = $1 AND "itemCode" = $2 AND "sourceRecordId" = ANY($3)',
  [], ['firstReceivedAt', 'lastReceivedAt']);
const subjectsByUscc = select('collection.subjectsByUscc',
  'SELECT "uscc", "usccCheckDigitValid" FROM "Enterprise" WHERE "uscc" = ANY($1)', ['usccCheckDigitValid']);

async function lookUp<T>(db: Db, tx: Tx | null, q: Query, params: readonly unknown[]): Promise<T[]> {
  return (tx ? selectInTransaction<T>(tx, q, params) : null) ?? db.reader.all<T>(q, params);
}

export function findCollected(
  db: Db, departmentCode: string, itemCode: string, sourceRecordIds: readonly string[], tx: Tx | null = null,
): Promise<CollectedRecordRow[]> {
  if (sourceRecordIds.length === 0) return Promise.resolve([]);
  return lookUp<CollectedRecordRow>(db, tx, collectedByOwnId, [departmentCode, itemCode, [...sourceRecordIds]]);
}

/** Which of these USCCs the platform holds, with whether each passes its check digit. */
export async function findSubjects(db: Db, usccs: readonly string[], tx: Tx | null = null): Promise<Map<string, { checkDigitValid: boolean }>> {
  if (usccs.length === 0) return new Map();
  const rows = await lookUp<{ uscc: string; usccCheckDigitValid: boolean }>(db, tx, subjectsByUscc, [[...new Set(usccs)]]);
  return new Map(rows.map((r) => [r.uscc, { checkDigitValid: r.usccCheckDigitValid }]));
}

export async function insertCollected(
  tx: Tx, provider: DatabaseProvider, rows: Prisma.CollectedRecordCreateManyInput[],
  versions: Prisma.CollectedRecordVersionCreateManyInput[],
): Promise<void> {
  await insertRows(tx, provider, 'CollectedRecord', rows as unknown as Record<string, unknown>[]);
  await insertRows(tx, provider, 'CollectedRecordVersion', versions as unknown as Record<string, unknown>[]);
}

export function updateCollected(
  tx: Tx, id: string, data: Prisma.CollectedRecordUncheckedUpdateInput,
): Promise<CollectedRecordRow> {
  return tx.prisma.collectedRecord.update({ where: { id }, data });
}

/**
 * Bulk jobs, newest first (id breaks a tie), `department` null: every department's; after the job
 * `after` (an unknown id: an empty page, since Prisma's cursor finds no row to start from).
 */
export function findBulkReceipts(db: Client, q: { department: string | null; first: number; after: string | null }): Promise<ReceiptRow[]> {
  return db.prisma.collectionReceipt.findMany({
    where: { channel: 'BULK', ...(q.department === null ? {} : { departmentCode: q.department }) },
    orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
    take: q.first,
    ...(q.after === null ? {} : { cursor: { id: q.after }, skip: 1 }),
  });
}

export function createReceipt(tx: Client, data: Prisma.CollectionReceiptUncheckedCreateInput): Promise<ReceiptRow> {
  return tx.prisma.collectionReceipt.create({ data });
}

/** A receipt's counts (lib/collection/submission.ts) and its warnings. */
export interface Counts extends ReceiptCounts {
  warnings: number;
}

export const zeroCounts = (): Counts => ({ submitted: 0, accepted: 0, updated: 0, unchanged: 0, rejected: 0, withdrawn: 0, warnings: 0 });

const increments = (c: Counts) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, { increment: v }]));

export function addToReceipt(tx: Tx, id: string, counts: Counts): Promise<ReceiptRow> {
  return tx.prisma.collectionReceipt.update({ where: { id }, data: increments(counts) });
}

export function finishReceipt(db: Client, id: string, data: { status: 'DONE' | 'FAILED'; finishedAt: Date; error?: string | null }): Promise<ReceiptRow> {
  return db.prisma.collectionReceipt.update({ where: { id }, data });
}

export function findReceipt(db: Client, id: string): Promise<ReceiptRow | null> {
  return db.prisma.collectionReceipt.findUnique({ where: { id } });
}

export async function insertRejections(
  tx: Tx, provider: DatabaseProvider, rows: Prisma.CollectionRejectionCreateManyInput[],
): Promise<void> {
  await insertRows(tx, provider, 'CollectionRejection', rows as unknown as Record<string, unknown>[]);
}

/** Rejections of a receipt in position order, `take` at a time after `afterPosition`. */
export function findRejections(db: Client, receiptId: string, take: number, afterPosition = -1): Promise<RejectionRow[]> {
  return db.prisma.collectionRejection.findMany({ where: { receiptId, position: { gt: afterPosition } }, orderBy: { position: 'asc' }, take });
}

export interface DayStat {
  deliveries: number;
  counts: Counts;
  usccErrors: number;
  timed: number;
  onTime: number;
  lagDays: number;
  rejectedByReason: Map<string, number>;
}

/** Adds a batch's figures to the department's counters of the day. */
export async function addToDailyStats(
  tx: Tx, key: { departmentCode: string; itemCode: string; day: string }, s: DayStat,
): Promise<void> {
  const { warnings: _warnings, ...counts } = s.counts;
  const values = { deliveries: s.deliveries, ...counts, usccErrors: s.usccErrors, timed: s.timed, onTime: s.onTime, lagDays: s.lagDays };
  await tx.prisma.collectionDailyStat.upsert({
    where: { departmentCode_itemCode_day: key },
    create: { ...key, ...values },
    update: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { increment: v }])),
  });
  for (const [reason, count] of s.rejectedByReason) {
    await tx.prisma.collectionRejectStat.upsert({
      where: { departmentCode_itemCode_day_reason: { ...key, reason } },
      create: { ...key, reason, count },
      update: { count: { increment: count } },
    });
  }
}

/** Counters of the CST days `from`…`to` (inclusive), of one department or all. */
export async function findDailyStats(
  db: Db, q: { departmentCode: string | null; from: string; to: string },
): Promise<{ days: DailyStatRow[]; reasons: RejectStatRow[] }> {
  const where = { day: { gte: q.from, lte: q.to }, ...(q.departmentCode === null ? {} : { departmentCode: q.departmentCode }) };
  const [days, reasons] = await Promise.all([
    db.prisma.collectionDailyStat.findMany({ where, orderBy: [{ departmentCode: 'asc' }, { itemCode: 'asc' }, { day: 'asc' }] }),
    db.prisma.collectionRejectStat.findMany({ where, orderBy: [{ departmentCode: 'asc' }, { itemCode: 'asc' }, { reason: 'asc' }] }),
  ]);
  return { days, reasons };
}
