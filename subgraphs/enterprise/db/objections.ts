/** Objections (异议) and their steps. State changes are conditional updates: a lost race changes nothing. */
import type { Objection, ObjectionStep, Prisma } from '../../../prisma/generated/enterprise/sqlite/client.ts';
import type { Db, Tx } from './client.ts';

export type ObjectionRow = Objection;
export type ObjectionStepRow = ObjectionStep;

export interface StepInput {
  action: 'FILED' | 'ROUTED' | 'EXTENDED' | 'UPHELD' | 'REJECTED';
  at: Date;
  actorKind: 'ENTERPRISE' | 'OPERATOR';
  actorId: string;
  note?: string | null;
  detail?: string | null;
}

export function findObjectionById(db: Tx, id: string): Promise<ObjectionRow | null> {
  return db.prisma.objection.findUnique({ where: { id } });
}

/** Creates an objection with its FILED step; null when the record already has an open one. */
export async function insertObjection(
  tx: Tx, data: Prisma.ObjectionUncheckedCreateInput, step: StepInput,
): Promise<ObjectionRow | null> {
  const clash = await tx.prisma.objection.findUnique({ where: { openKey: data.openKey! } });
  if (clash) return null;
  const row = await tx.prisma.objection.create({ data });
  await tx.prisma.objectionStep.create({ data: { ...step, objectionId: row.id, position: 1 } });
  return row;
}

/**
 * Moves an objection from `fromStatus` with `data`, appending `step`; null when it is no longer in
 * `fromStatus` (another operator acted first).
 */
export async function advanceObjection(
  tx: Tx, id: string, fromStatus: string, extraWhere: Prisma.ObjectionWhereInput,
  data: Prisma.ObjectionUncheckedUpdateManyInput, step: StepInput,
): Promise<ObjectionRow | null> {
  const { count } = await tx.prisma.objection.updateMany({ where: { id, status: fromStatus, ...extraWhere }, data });
  if (count === 0) return null;
  const position = (await tx.prisma.objectionStep.count({ where: { objectionId: id } })) + 1;
  await tx.prisma.objectionStep.create({ data: { ...step, objectionId: id, position } });
  return tx.prisma.objection.findUnique({ where: { id } });
}

/** Objections of these enterprises, newest first. */
export function findObjectionsByUscc(db: Db, usccs: readonly string[]): Promise<ObjectionRow[]> {
  return db.prisma.objection.findMany({ where: { uscc: { in: [...usccs] } }, orderBy: [{ filedAt: 'desc' }, { id: 'asc' }] });
}

export function findStepsByObjectionId(db: Db, ids: readonly string[]): Promise<ObjectionStepRow[]> {
  return db.prisma.objectionStep.findMany({ where: { objectionId: { in: [...ids] } }, orderBy: [{ objectionId: 'asc' }, { position: 'asc' }] });
}

/** Open objections whose current deadline is before `today`, earliest deadline first. */
export function findOverdueObjections(db: Db, today: string): Promise<ObjectionRow[]> {
  return db.prisma.objection.findMany({
    where: { status: { in: ['FILED', 'ROUTED'] }, dueOn: { lt: today } },
    orderBy: [{ dueOn: 'asc' }, { filedAt: 'asc' }, { id: 'asc' }],
  });
}
