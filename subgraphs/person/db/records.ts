/** A person's records, one statement per category for any number of persons (lib/db/reader.ts); the records objections name. */
import type {
  JudgmentDebtorCase, PersonHonor, PersonPenalty, Prisma, VolunteerRecord,
} from '../../../prisma/generated/person/sqlite/client.ts';
import { readerOf, select } from '../../../lib/db/reader.ts';
import type { Db } from './client.ts';

/** Newest first, then id (the date columns are never null). */
const ofPersons = (table: string, date: string, booleans: string[] = []) =>
  select(`person.${table}.ofPersons`, `SELECT * FROM "${table}" WHERE "personId" = ANY($1) ORDER BY "${date}" DESC, "id" ASC`, booleans);
const penalties = ofPersons('PersonPenalty', 'decisionDate', ['underObjection']);
const judgmentCases = ofPersons('JudgmentDebtorCase', 'listedOn', ['underObjection']);
const honors = ofPersons('PersonHonor', 'awardedOn');
const volunteering = ofPersons('VolunteerRecord', 'servedOn');

type Client = Db | Prisma.TransactionClient;

export function penaltiesOfPersons(db: Db, personIds: readonly string[]): Promise<PersonPenalty[]> {
  return readerOf(db).all<PersonPenalty>(penalties, [personIds]);
}

export function judgmentCasesOfPersons(db: Db, personIds: readonly string[]): Promise<JudgmentDebtorCase[]> {
  return readerOf(db).all<JudgmentDebtorCase>(judgmentCases, [personIds]);
}

export function honorsOfPersons(db: Db, personIds: readonly string[]): Promise<PersonHonor[]> {
  return readerOf(db).all<PersonHonor>(honors, [personIds]);
}

export function volunteerRecordsOfPersons(db: Db, personIds: readonly string[]): Promise<VolunteerRecord[]> {
  return readerOf(db).all<VolunteerRecord>(volunteering, [personIds]);
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
