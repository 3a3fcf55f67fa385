/** Credit-easy loans granted to enterprises: one statement per call. */
import type { CreditEasyLoan } from '../../../prisma/generated/finance/sqlite/client.ts';
import type { Db } from './client.ts';

/** Newest first. */
export function findLoansOfEnterprises(db: Db, usccs: readonly string[]): Promise<CreditEasyLoan[]> {
  return db.creditEasyLoan.findMany({
    where: { uscc: { in: [...usccs] } },
    orderBy: [{ grantedOn: 'desc' }, { id: 'asc' }],
  });
}
