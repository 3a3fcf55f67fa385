/**
 * The writes and reads both subgraphs' repair application tables take (the enterprise's
 * `RepairApplication`, the person's `PersonRepairApplication`); a subgraph's `db/repairs.ts` hands in
 * its Prisma delegate, the workflow's rules are in lib/repair.ts. State changes are conditional
 * updates: a lost race changes nothing.
 */

/** What these need of a repair application table (a subgraph's Prisma delegate). */
export interface RepairTable<Row, Where, Update> {
  findUnique(args: { where: { id: string } }): PromiseLike<Row | null>;
  updateMany(args: { where: Where; data: Update }): PromiseLike<{ count: number }>;
  findMany(args: {
    where: { status: string; departmentCode?: string };
    orderBy: ({ dueOn: 'asc' } | { appliedAt: 'asc' } | { id: 'asc' })[];
  }): PromiseLike<Row[]>;
}

/** Updates a PENDING application (and `extraWhere`); null when it is no longer so. */
export async function updatePendingCase<Row, Where extends object, Update>(
  table: RepairTable<Row, Where, Update>, id: string, extraWhere: Where, data: Update,
): Promise<Row | null> {
  const { count } = await table.updateMany({ where: { id, status: 'PENDING', ...extraWhere }, data });
  return count === 0 ? null : table.findUnique({ where: { id } });
}

/** Pending applications, earliest deadline first; with `departmentCode`, those routed to it. */
export async function findPendingCases<Row, Where, Update>(table: RepairTable<Row, Where, Update>, departmentCode?: string): Promise<Row[]> {
  return table.findMany({
    where: { status: 'PENDING', ...(departmentCode === undefined ? {} : { departmentCode }) },
    orderBy: [{ dueOn: 'asc' }, { appliedAt: 'asc' }, { id: 'asc' }],
  });
}
