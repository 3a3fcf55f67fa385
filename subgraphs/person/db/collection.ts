/** The person-side registry of collected records and their receipts (prisma/person/schema.prisma, issue 13). */
import { receiptIncrements, type RegistryStore } from '../../../lib/collection/registry.ts';
import type { Tx } from './client.ts';

/** The registry's tables in the person database (lib/collection/registry.ts). */
export const registry: RegistryStore<Tx> = {
  find: (tx, departmentCode, itemCode, sourceRecordIds) =>
    tx.prisma.collectedRecord.findMany({ where: { departmentCode, itemCode, sourceRecordId: { in: [...sourceRecordIds] } } }),
  async save(tx, row, isNew, version) {
    if (isNew) await tx.prisma.collectedRecord.create({ data: row });
    else await tx.prisma.collectedRecord.update({ where: { id: row.id }, data: row });
    await tx.prisma.collectedRecordVersion.create({ data: version });
  },
  // A receipt's counts added (a bulk job's receipt spans several calls).
  addToReceipt: (tx, data) => tx.prisma.collectionReceipt.upsert({ where: { id: data.id }, create: data, update: receiptIncrements(data) }),
};
