/** Credit commitments (信用承诺) written by the workflows, and the record a broken one leaves. */
import type { CreditCommitment, CreditRecord, Prisma } from '../../../prisma/generated/enterprise/sqlite/client.ts';
import type { Db } from './client.ts';

type Client = Db | Prisma.TransactionClient;

export function insertCommitment(db: Client, data: Prisma.CreditCommitmentUncheckedCreateInput): Promise<CreditCommitment> {
  return db.creditCommitment.create({ data });
}

export function findCommitmentById(db: Client, id: string): Promise<CreditCommitment | null> {
  return db.creditCommitment.findUnique({ where: { id } });
}

/**
 * Marks an IN_FORCE commitment BROKEN and writes the breach record, in one transaction; null when
 * the commitment was no longer IN_FORCE.
 */
export async function breakCommitment(
  db: Db, id: string, record: Prisma.CreditRecordUncheckedCreateInput,
): Promise<{ commitment: CreditCommitment; record: CreditRecord } | null> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.creditCommitment.updateMany({ where: { id, commitmentStatus: 'IN_FORCE' }, data: { commitmentStatus: 'BROKEN' } });
    if (count === 0) return null;
    const created = await tx.creditRecord.create({ data: record });
    return { commitment: (await tx.creditCommitment.findUnique({ where: { id } }))!, record: created };
  });
}
