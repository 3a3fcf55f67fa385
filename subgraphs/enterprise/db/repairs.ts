/** Credit repair (信用修复) applications. */
import type { Prisma, RepairApplication } from '../../../prisma/generated/enterprise/sqlite/client.ts';
import { transaction } from '../../../lib/db/client.ts';
import { findPendingCases, updatePendingCase } from '../../../lib/db/repair-tables.ts';
import type { Db, Tx } from './client.ts';

export type RepairApplicationRow = RepairApplication;

export function findRepairById(db: Tx, id: string): Promise<RepairApplicationRow | null> {
  return db.prisma.repairApplication.findUnique({ where: { id } });
}

/** Creates a PENDING application; null when the record already has a pending one. */
export async function insertRepair(db: Db, data: Prisma.RepairApplicationUncheckedCreateInput): Promise<RepairApplicationRow | null> {
  return transaction(db, async (tx) => {
    if (await tx.prisma.repairApplication.findUnique({ where: { pendingKey: data.pendingKey! } })) return null;
    return tx.prisma.repairApplication.create({ data });
  });
}

/** Updates a PENDING application (with `extraWhere`); null when it is no longer so. */
export function updatePendingRepair(
  tx: Tx, id: string, extraWhere: Prisma.RepairApplicationWhereInput, data: Prisma.RepairApplicationUncheckedUpdateManyInput,
): Promise<RepairApplicationRow | null> {
  return updatePendingCase(tx.prisma.repairApplication, id, extraWhere, data);
}

export function findRepairsByUscc(db: Db, usccs: readonly string[]): Promise<RepairApplicationRow[]> {
  return db.prisma.repairApplication.findMany({ where: { uscc: { in: [...usccs] } }, orderBy: [{ appliedAt: 'desc' }, { id: 'asc' }] });
}

/** Pending applications, earliest deadline first; with `departmentCode`, those routed to it. */
export function findPendingRepairs(db: Db, departmentCode?: string): Promise<RepairApplicationRow[]> {
  return findPendingCases(db.prisma.repairApplication, departmentCode);
}

/** The department whose collection brought the archive record `archiveId`, or null (seeded, platform-written). */
export async function findCollectedDepartment(db: Db, archiveId: string): Promise<string | null> {
  const row = await db.prisma.collectedRecord.findFirst({ where: { archiveId }, select: { departmentCode: true } });
  return row?.departmentCode ?? null;
}
