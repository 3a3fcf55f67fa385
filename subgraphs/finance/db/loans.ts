/** Credit-easy loans granted to enterprises: one prepared statement per call (lib/db/reader.ts). */
import { select } from '../../../lib/db/reader.ts';
import type { CreditEasyLoan } from '../../../prisma/generated/finance/sqlite/client.ts';
import type { Db } from './client.ts';

const loansOf = select('finance.loansOf',
  'SELECT * FROM "CreditEasyLoan" WHERE "uscc" = ANY($1) ORDER BY "grantedOn" DESC, "id" ASC');

/** Newest first. */
export function findLoansOfEnterprises(db: Db, usccs: readonly string[]): Promise<CreditEasyLoan[]> {
  return db.reader.all<CreditEasyLoan>(loansOf, [usccs]);
}
