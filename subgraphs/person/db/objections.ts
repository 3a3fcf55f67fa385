/** Persons' objections (异议) and their steps. State changes are conditional updates: a lost race changes nothing. */
import type { PersonObjection, PersonObjectionStep, Prisma } from '../../../prisma/generated/person/sqlite/client.ts';
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

/** Creates an objection with its FILED step; null when the record already has an open one. */
export async function insertPersonObjection(
  tx: Tx, data: Prisma.PersonObjectionUncheckedCreateInput, step: StepInput,
): Promise<PersonObjectionRow | null> {
  if (await tx.prisma.personObjection.findUnique({ where: { openKey: data.openKey! } })) return null;
  const row = await tx.prisma.personObjection.create({ data });
  await tx.prisma.personObjectionStep.create({ data: { ...step, objectionId: row.id, position: 1 } });
  return row;
}

/**
 * Moves an objection from `fromStatus` with `data`, appending `step`; null when it is no longer in
 * `fromStatus` (another operator acted first).
 */
export async function advancePersonObjection(
  tx: Tx, id: string, fromStatus: string, extraWhere: Prisma.PersonObjectionWhereInput,
  data: Prisma.PersonObjectionUncheckedUpdateManyInput, step: StepInput,
): Promise<PersonObjectionRow | null> {
  const { count } = await tx.prisma.personObjection.updateMany({ where: { id, status: fromStatus, ...extraWhere }, data });
  if (count === 0) return null;
  const position = (await tx.prisma.personObjectionStep.count({ where: { objectionId: id } })) + 1;
  await tx.prisma.personObjectionStep.create({ data: { ...step, objectionId: id, position } });
  return tx.prisma.personObjection.findUnique({ where: { id } });
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
