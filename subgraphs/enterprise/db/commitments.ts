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
  log: (tx: Tx, result: { commitment: CreditCommitment; record: CreditRecord }) => Promise<void>,
): Promise<{ commitment: CreditCommitment; record: CreditRecord } | null> {
  return transaction(db, async (tx) => {
    const { count } = await tx.prisma.creditCommitment.updateMany({ where: { id, commitmentStatus: 'IN_FORCE' }, data: { commitmentStatus: 'BROKEN' } });
    if (count === 0) return null;
    const created = await tx.prisma.creditRecord.create({ data: record });
    const result = { commitment: (await tx.prisma.creditCommitment.findUnique({ where: { id } }))!, record: created };
    await log(tx, result);
    return result;
  });
}

/** Marks an IN_FORCE commitment FULFILLED (logged by `log` in the same transaction); null when it was no longer IN_FORCE. */
export async function fulfilCommitment(
  db: Db, id: string, log: (tx: Tx, commitment: CreditCommitment) => Promise<void>,
): Promise<CreditCommitment | null> {
  return transaction(db, async (tx) => {
    const { count } = await tx.prisma.creditCommitment.updateMany({ where: { id, commitmentStatus: 'IN_FORCE' }, data: { commitmentStatus: 'FULFILLED' } });
    if (count === 0) return null;
    const commitment = (await tx.prisma.creditCommitment.findUnique({ where: { id } }))!;
    await log(tx, commitment);
    return commitment;
  });
}
