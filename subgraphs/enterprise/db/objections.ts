/** Objections (异议) and their steps. State changes are conditional updates: a lost race changes nothing. */
import type { Objection, ObjectionStep, Prisma } from '../../../prisma/generated/enterprise/sqlite/client.ts';
import { advanceCase, insertCase } from '../../../lib/db/objection-tables.ts';
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

const tables = (tx: Tx) => ({ cases: tx.prisma.objection, steps: tx.prisma.objectionStep });

/** Creates an objection with its FILED step; null when the record already has an open one. */
export function insertObjection(tx: Tx, data: Prisma.ObjectionUncheckedCreateInput, step: StepInput): Promise<ObjectionRow | null> {
  return insertCase(tables(tx), data, step);
}

/** Moves an objection from `fromStatus` with `data`, appending `step`; null when another operator acted first. */
export function advanceObjection(
  tx: Tx, id: string, fromStatus: string, extraWhere: Prisma.ObjectionWhereInput,
  data: Prisma.ObjectionUncheckedUpdateManyInput, step: StepInput,
): Promise<ObjectionRow | null> {
  return advanceCase(tables(tx), id, fromStatus, extraWhere, data, step);
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
