/** Credit commitments (信用承诺) written by the workflows, and the record a broken one leaves. */
import type { CreditCommitment, CreditRecord, Prisma } from '../../../prisma/generated/enterprise/sqlite/client.ts';
import { transaction } from '../../../lib/db/client.ts';
import type { Db, Tx } from './client.ts';

export function insertCommitment(db: Tx, data: Prisma.CreditCommitmentUncheckedCreateInput): Promise<CreditCommitment> {
  return db.prisma.creditCommitment.create({ data });
}

export function findCommitmentById(db: Tx, id: string): Promise<CreditCommitment | null> {
  return db.prisma.creditCommitment.findUnique({ where: { id } });
}

/**
 * Marks an IN_FORCE commitment BROKEN and writes the breach record, in one transaction; null when
 * the commitment was no longer IN_FORCE.
 */
export async function breakCommitment(
  db: Db, id: string, record: Prisma.CreditRecordUncheckedCreateInput,
): Promise<{ commitment: CreditCommitment; record: CreditRecord } | null> {
  return transaction(db, async (tx) => {
    const { count } = await tx.prisma.creditCommitment.updateMany({ where: { id, commitmentStatus: 'IN_FORCE' }, data: { commitmentStatus: 'BROKEN' } });
    if (count === 0) return null;
    const created = await tx.prisma.creditRecord.create({ data: record });
    return { commitment: (await tx.prisma.creditCommitment.findUnique({ where: { id } }))!, record: created };
  });
}
