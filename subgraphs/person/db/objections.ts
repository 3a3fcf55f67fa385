/** Persons' objections (异议) and their steps. State changes are conditional updates: a lost race changes nothing. */
import type { PersonObjection, PersonObjectionStep, Prisma } from '../../../prisma/generated/person/sqlite/client.ts';
import { advanceCase, insertCase } from '../../../lib/db/objection-tables.ts';
import type { Db, Tx } from './client.ts';

export type PersonObjectionRow = PersonObjection;
export type PersonObjectionStepRow = PersonObjectionStep;

export interface StepInput {
  action: 'FILED' | 'ROUTED' | 'EXTENDED' | 'UPHELD' | 'REJECTED';
  at: Date;
  actorKind: 'PERSON' | 'OPERATOR';
  actorId: string;
  note?: string | null;
}

export function findPersonObjectionById(db: Tx, id: string): Promise<PersonObjectionRow | null> {
  return db.prisma.personObjection.findUnique({ where: { id } });
}

const tables = (tx: Tx) => ({ cases: tx.prisma.personObjection, steps: tx.prisma.personObjectionStep });

/** Creates an objection with its FILED step; null when the record already has an open one. */
export function insertPersonObjection(
  tx: Tx, data: Prisma.PersonObjectionUncheckedCreateInput, step: StepInput,
): Promise<PersonObjectionRow | null> {
  return insertCase(tables(tx), data, step);
}

/** Moves an objection from `fromStatus` with `data`, appending `step`; null when another operator acted first. */
export function advancePersonObjection(
  tx: Tx, id: string, fromStatus: string, extraWhere: Prisma.PersonObjectionWhereInput,
  data: Prisma.PersonObjectionUncheckedUpdateManyInput, step: StepInput,
): Promise<PersonObjectionRow | null> {
  return advanceCase(tables(tx), id, fromStatus, extraWhere, data, step);
}

/** Objections of these persons, newest first. */
export function objectionsOfPersons(db: Db, personIds: readonly string[]): Promise<PersonObjectionRow[]> {
  return db.prisma.personObjection.findMany({ where: { personId: { in: [...personIds] } }, orderBy: [{ filedAt: 'desc' }, { id: 'asc' }] });
}

export function stepsOfObjections(db: Db, ids: readonly string[]): Promise<PersonObjectionStepRow[]> {
  return db.prisma.personObjectionStep.findMany({ where: { objectionId: { in: [...ids] } }, orderBy: [{ objectionId: 'asc' }, { position: 'asc' }] });
}

/** Open objections (FILED or ROUTED), earliest deadline first. */
export function openPersonObjections(db: Db): Promise<PersonObjectionRow[]> {
  return db.prisma.personObjection.findMany({
    where: { status: { in: ['FILED', 'ROUTED'] } },
    orderBy: [{ dueOn: 'asc' }, { filedAt: 'asc' }, { id: 'asc' }],
  });
}
