/** Persons' credit repair (信用修复) applications, and the one column a granted repair changes on its penalty. */
import type { PersonRepairApplication, Prisma } from '../../../prisma/generated/person/sqlite/client.ts';
import { isUniqueViolation } from '../../../lib/db/client.ts';
import { findPendingCases, updatePendingCase } from '../../../lib/db/repair-tables.ts';
import type { Db, Tx } from './client.ts';

export type PersonRepairRow = PersonRepairApplication;

export function findPersonRepairById(db: Tx, id: string): Promise<PersonRepairRow | null> {
  return db.prisma.personRepairApplication.findUnique({ where: { id } });
}

/** Creates a PENDING application; null when the record already has a pending one (the unique `pendingKey`). */
export async function insertPersonRepair(db: Db, data: Prisma.PersonRepairApplicationUncheckedCreateInput): Promise<PersonRepairRow | null> {
  try {
    return await db.prisma.personRepairApplication.create({ data });
  } catch (err) {
    if (isUniqueViolation(err)) return null;
    throw err;
  }
}

/** Updates a PENDING application (with `extraWhere`); null when it is no longer so. */
export function updatePendingPersonRepair(
  tx: Tx, id: string, extraWhere: Prisma.PersonRepairApplicationWhereInput, data: Prisma.PersonRepairApplicationUncheckedUpdateManyInput,
): Promise<PersonRepairRow | null> {
  return updatePendingCase(tx.prisma.personRepairApplication, id, extraWhere, data);
}

/** Applications of these persons, newest first. */
export function repairsOfPersons(db: Db, personIds: readonly string[]): Promise<PersonRepairRow[]> {
  return db.prisma.personRepairApplication.findMany({ where: { personId: { in: [...personIds] } }, orderBy: [{ appliedAt: 'desc' }, { id: 'asc' }] });
}

/** Pending applications, earliest deadline first; with `departmentCode`, those routed to it. */
export function pendingPersonRepairs(db: Db, departmentCode?: string): Promise<PersonRepairRow[]> {
  return findPendingCases(db.prisma.personRepairApplication, departmentCode);
}

/** A granted repair: the penalty, still published, becomes REPAIRED; false when it no longer was. */
export async function markPenaltyRepaired(tx: Tx, id: string): Promise<boolean> {
  const { count } = await tx.prisma.personPenalty.updateMany({ where: { id, status: 'PUBLISHED' }, data: { status: 'REPAIRED' } });
  return count === 1;
}
