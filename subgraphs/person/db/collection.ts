/** The person-side registry of collected records and their receipts (prisma/person/schema.prisma, issue 13). */
import type { CollectedRecord, CollectionReceipt, Prisma } from '../../../prisma/generated/person/sqlite/client.ts';
import type { ReceiptCounts } from '../../../lib/collection/submission.ts';
import type { Tx } from './client.ts';

export type CollectedRow = CollectedRecord;

/** The department's records of this item with these ids. */
export function findCollected(tx: Tx, departmentCode: string, itemCode: string, sourceRecordIds: readonly string[]): Promise<CollectedRow[]> {
  return tx.prisma.collectedRecord.findMany({ where: { departmentCode, itemCode, sourceRecordId: { in: [...sourceRecordIds] } } });
}

export async function saveCollected(tx: Tx, row: CollectedRow, isNew: boolean, version: Prisma.CollectedRecordVersionCreateManyInput): Promise<void> {
  if (isNew) await tx.prisma.collectedRecord.create({ data: row });
  else await tx.prisma.collectedRecord.update({ where: { id: row.id }, data: row });
  await tx.prisma.collectedRecordVersion.create({ data: version });
}

/** A receipt's counts added (a bulk job's receipt spans several calls). */
export function addToReceipt(tx: Tx, data: Omit<CollectionReceipt, keyof ReceiptCounts> & ReceiptCounts): Promise<CollectionReceipt> {
  const { submitted, accepted, updated, unchanged, rejected, withdrawn } = data;
  const counts = { submitted, accepted, updated, unchanged, rejected, withdrawn };
  return tx.prisma.collectionReceipt.upsert({
    where: { id: data.id }, create: data, update: Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, { increment: v }])),
  });
}
