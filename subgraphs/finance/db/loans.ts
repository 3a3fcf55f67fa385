/** Credit-easy loans: the batched read (one prepared statement, lib/db/reader.ts), the reports' writes and the statistics. */
import { select } from '../../../lib/db/reader.ts';
import type { CreditEasyLoan } from '../../../prisma/generated/finance/sqlite/client.ts';
import type { LoanGroupBy, StatusCount } from '../loans/statistics.ts';
import type { LoanChange, LoanRow } from '../loans/terms.ts';
import type { Db, Tx } from './client.ts';

const loansOf = select('finance.loansOf',
  'SELECT * FROM "CreditEasyLoan" WHERE "uscc" = ANY($1) ORDER BY "appliedOn" DESC, "id" ASC');

/** Fen columns as bigint: better-sqlite3 answers a number, pg an int8 as text. */
const FEN = ['requestedFen', 'grantedFen'] as const;
function fromDriver(row: CreditEasyLoan): CreditEasyLoan {
  for (const c of FEN) if (row[c] !== null) (row as Record<string, unknown>)[c] = BigInt(row[c] as unknown as number | string);
  return row;
}

/** Newest application first. */
export async function findLoansOfEnterprises(db: Db, usccs: readonly string[]): Promise<CreditEasyLoan[]> {
  return (await db.reader.all<CreditEasyLoan>(loansOf, [usccs])).map(fromDriver);
}

/** A loan of `partnerId`, or null when there is none with that id, or it is another lender's: the caller cannot tell which. */
export function findOwnLoan(tx: Tx, id: string, partnerId: string): Promise<CreditEasyLoan | null> {
  return tx.prisma.creditEasyLoan.findFirst({ where: { id, partnerId } });
}

export function findLoanByReference(tx: Tx, partnerId: string, reference: string): Promise<CreditEasyLoan | null> {
  return tx.prisma.creditEasyLoan.findUnique({ where: { partnerId_reference: { partnerId, reference } } });
}

export function insertLoan(tx: Tx, row: LoanRow): Promise<CreditEasyLoan> {
  return tx.prisma.creditEasyLoan.create({ data: row });
}

/** Applies `change` when the loan is still in `from`; false when another report moved it first. */
export async function updateLoanIfStatus(tx: Tx, id: string, from: string, change: LoanChange): Promise<boolean> {
  const { count } = await tx.prisma.creditEasyLoan.updateMany({ where: { id, status: from }, data: change });
  return count === 1;
}

const GROUP_COLUMN = {
  BANK: 'partnerId', PRODUCT: 'productId', INDUSTRY: 'industryCode', REGION: 'regionCode', MONTH: 'appliedMonth',
} as const satisfies Record<LoanGroupBy, keyof CreditEasyLoan>;

/**
 * Count and sums per (group, status) of the applications made from `from` to `to` (CST days, both
 * included), of one lender or all: one GROUP BY over the range of the `appliedOn` index (all lenders)
 * or of `(partnerId, appliedOn)` (one).
 */
export async function groupLoans(db: Db, groupBy: LoanGroupBy, from: string, to: string, partnerId: string | null): Promise<StatusCount[]> {
  const column = GROUP_COLUMN[groupBy];
  const rows = await db.prisma.creditEasyLoan.groupBy({
    by: [column, 'status'],
    where: { appliedOn: { gte: from, lte: to }, ...(partnerId !== null ? { partnerId } : {}) },
    _count: { _all: true },
    _sum: { requestedFen: true, grantedFen: true },
  });
  return rows.map((r) => ({
    key: (r as Record<string, unknown>)[column] as string,
    status: r.status,
    count: r._count._all,
    requestedFen: r._sum.requestedFen ?? 0n,
    grantedFen: r._sum.grantedFen ?? 0n,
  }));
}
