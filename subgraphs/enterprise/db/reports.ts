/**
 * Credit reports: written once, in the transaction that takes their sequence number, and read by
 * number. Never updated or deleted (a report is a record of what was issued).
 */
import type { CreditReport, Prisma } from '../../../prisma/generated/enterprise/sqlite/client.ts';
import { transaction } from '../../../lib/db/client.ts';
import type { Db, Tx } from './client.ts';

export type CreditReportRow = CreditReport;

/**
 * Takes the next sequence number and writes the report `make(seq)` builds from it, in one
 * transaction: the increment locks the sequence row until commit, so numbers are unique and a
 * failed write does not leave a report behind (its number is simply skipped).
 */
export async function insertCreditReport(
  db: Db, make: (seq: number) => Prisma.CreditReportCreateInput,
): Promise<CreditReportRow> {
  return transaction(db, async (tx) => {
    const { value } = await tx.prisma.creditReportSequence.upsert({
      where: { id: 1 }, create: { id: 1, value: 1 }, update: { value: { increment: 1 } },
    });
    return tx.prisma.creditReport.create({ data: make(value) });
  });
}

export function findCreditReport(db: Tx, number: string): Promise<CreditReportRow | null> {
  return db.prisma.creditReport.findUnique({ where: { number } });
}

/** Every rule of the joint-sanctions catalogue with its measure: a report states the measures of every matter. */
export function findAllSanctionRules(db: Tx): Promise<(Prisma.SanctionRuleGetPayload<{ include: { measure: true } }>)[]> {
  return db.prisma.sanctionRule.findMany({ include: { measure: true }, orderBy: [{ measureCode: 'asc' }, { listName: 'asc' }] });
}

/**
 * Reports newest first (number breaks a tie), those matching `where` (the caller's own: see
 * reports/issued.ts), after the report `after` (an unknown number: an empty page).
 */
export function findCreditReportsPage(
  db: Tx, q: { where: Prisma.CreditReportWhereInput; first: number; after: string | null },
): Promise<CreditReportRow[]> {
  return db.prisma.creditReport.findMany({
    where: q.where,
    orderBy: [{ issuedAt: 'desc' }, { number: 'desc' }],
    take: q.first,
    ...(q.after === null ? {} : { cursor: { number: q.after }, skip: 1 }),
  });
}
