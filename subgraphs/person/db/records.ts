/** A person's records, one query per category for any number of persons; the records objections name. */
import type {
  JudgmentDebtorCase, PersonHonor, PersonPenalty, Prisma, VolunteerRecord,
} from '../../../prisma/generated/person/sqlite/client.ts';
import type { Db } from './client.ts';

type Client = Db | Prisma.TransactionClient;

export function penaltiesOfPersons(db: Db, personIds: readonly string[]): Promise<PersonPenalty[]> {
  return db.personPenalty.findMany({
    where: { personId: { in: [...personIds] } },
    orderBy: [{ decisionDate: 'desc' }, { id: 'asc' }],
  });
}

export function judgmentCasesOfPersons(db: Db, personIds: readonly string[]): Promise<JudgmentDebtorCase[]> {
  return db.judgmentDebtorCase.findMany({
    where: { personId: { in: [...personIds] } },
    orderBy: [{ listedOn: 'desc' }, { id: 'asc' }],
  });
}

export function honorsOfPersons(db: Db, personIds: readonly string[]): Promise<PersonHonor[]> {
  return db.personHonor.findMany({
    where: { personId: { in: [...personIds] } },
    orderBy: [{ awardedOn: 'desc' }, { id: 'asc' }],
  });
}

export function volunteerRecordsOfPersons(db: Db, personIds: readonly string[]): Promise<VolunteerRecord[]> {
  return db.volunteerRecord.findMany({
    where: { personId: { in: [...personIds] } },
    orderBy: [{ servedOn: 'desc' }, { id: 'asc' }],
  });
}

/** The records a person may object to, by GraphQL type. */
export type ObjectableRecord =
  | { type: 'PersonPenalty'; row: PersonPenalty }
  | { type: 'JudgmentDebtorCase'; row: JudgmentDebtorCase };

export type ObjectableType = ObjectableRecord['type'];

/** The columns an objection changes on its record. */
export interface ObjectionMarks {
  status?: 'WITHDRAWN';
  underObjection: boolean;
}

/** Every objectable record with this id (ids are unique per table, not across tables). */
export async function findObjectableRecords(db: Client, id: string): Promise<ObjectableRecord[]> {
  const [penalty, judgmentCase] = await Promise.all([
    db.personPenalty.findUnique({ where: { id } }),
    db.judgmentDebtorCase.findUnique({ where: { id } }),
  ]);
  const found: ObjectableRecord[] = [];
  if (penalty) found.push({ type: 'PersonPenalty', row: penalty });
  if (judgmentCase) found.push({ type: 'JudgmentDebtorCase', row: judgmentCase });
  return found;
}

export async function markRecord(tx: Client, type: ObjectableType, id: string, data: ObjectionMarks): Promise<void> {
  if (type === 'PersonPenalty') await tx.personPenalty.update({ where: { id }, data });
  else await tx.judgmentDebtorCase.update({ where: { id }, data });
}
