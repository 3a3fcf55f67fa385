/** A person's records, one query per category for any number of persons. */
import type {
  JudgmentDebtorCase, PersonHonor, PersonPenalty, VolunteerRecord,
} from '../../../prisma/generated/person/sqlite/client.ts';
import type { Db } from './client.ts';

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
