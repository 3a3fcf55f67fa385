/** A person's own credit reports: written once with their number, read and deleted only by that person. */
import type { PersonalCreditReport, Prisma } from '../../../prisma/generated/person/sqlite/client.ts';
import { transaction } from '../../../lib/db/client.ts';
import type { Db, Tx } from './client.ts';

export type PersonalCreditReportRow = PersonalCreditReport;

/** The next number and the report built from it, in one transaction (the increment locks the sequence row). */
export function insertPersonalReport(db: Db, make: (seq: number) => Prisma.PersonalCreditReportCreateInput): Promise<PersonalCreditReportRow> {
  return transaction(db, async (tx) => {
    const next = await tx.prisma.personalCreditReportSequence.upsert({ where: { id: 1 }, create: { id: 1, value: 1 }, update: { value: { increment: 1 } } });
    return tx.prisma.personalCreditReport.create({ data: make(next.value) });
  });
}

export function personalReport(db: Tx, personId: string, number: string): Promise<PersonalCreditReportRow | null> {
  return db.prisma.personalCreditReport.findFirst({ where: { number, personId } });
}

/** By number alone: only for verification, which discloses nothing the holder of the report has not. */
export function personalReportByNumber(db: Tx, number: string): Promise<PersonalCreditReportRow | null> {
  return db.prisma.personalCreditReport.findUnique({ where: { number } });
}

export function personalReports(db: Tx, personId: string): Promise<PersonalCreditReportRow[]> {
  return db.prisma.personalCreditReport.findMany({ where: { personId }, orderBy: [{ issuedAt: 'desc' }, { number: 'desc' }] });
}

/** Deletes the person's reports (only those numbered, when given); how many went. */
export async function deletePersonalReports(db: Tx, personId: string, numbers: readonly string[] | null): Promise<number> {
  const { count } = await db.prisma.personalCreditReport.deleteMany({ where: { personId, ...(numbers ? { number: { in: [...numbers] } } : {}) } });
  return count;
}
