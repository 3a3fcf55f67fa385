/** A person's records, one statement per category for any number of persons (lib/db/reader.ts); the records objections name. */
import type {
  JudgmentDebtorCase, PersonHonor, PersonPenalty, Prisma, VolunteerRecord,
} from '../../../prisma/generated/person/sqlite/client.ts';
import { select } from '../../../lib/db/reader.ts';
import type { Db, Tx } from './client.ts';

/** Newest first, then id (the date columns are never null). */
const ofPersons = (table: string, date: string, booleans: string[] = []) =>
  select(`person.${table}.ofPersons`, `SELECT * FROM "${table}" WHERE "personId" = ANY($1) ORDER BY "${date}" DESC, "id" ASC`, booleans);
const penalties = ofPersons('PersonPenalty', 'decisionDate', ['underObjection']);
const judgmentCases = ofPersons('JudgmentDebtorCase', 'listedOn', ['underObjection']);
const honors = ofPersons('PersonHonor', 'awardedOn');
const volunteering = ofPersons('VolunteerRecord', 'servedOn');

export function penaltiesOfPersons(db: Db, personIds: readonly string[]): Promise<PersonPenalty[]> {
  return db.reader.all<PersonPenalty>(penalties, [personIds]);
}

export function judgmentCasesOfPersons(db: Db, personIds: readonly string[]): Promise<JudgmentDebtorCase[]> {
  return db.reader.all<JudgmentDebtorCase>(judgmentCases, [personIds]);
}

export function honorsOfPersons(db: Db, personIds: readonly string[]): Promise<PersonHonor[]> {
  return db.reader.all<PersonHonor>(honors, [personIds]);
}

export function volunteerRecordsOfPersons(db: Db, personIds: readonly string[]): Promise<VolunteerRecord[]> {
  return db.reader.all<VolunteerRecord>(volunteering, [personIds]);
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
export async function findObjectableRecords(db: Tx, id: string): Promise<ObjectableRecord[]> {
  const [penalty, judgmentCase] = await Promise.all([
    db.prisma.personPenalty.findUnique({ where: { id } }),
    db.prisma.judgmentDebtorCase.findUnique({ where: { id } }),
  ]);
  const found: ObjectableRecord[] = [];
  if (penalty) found.push({ type: 'PersonPenalty', row: penalty });
  if (judgmentCase) found.push({ type: 'JudgmentDebtorCase', row: judgmentCase });
  return found;
}

export async function markRecord(tx: Tx, type: ObjectableType, id: string, data: ObjectionMarks): Promise<void> {
  if (type === 'PersonPenalty') await tx.prisma.personPenalty.update({ where: { id }, data });
  else await tx.prisma.judgmentDebtorCase.update({ where: { id }, data });
}
