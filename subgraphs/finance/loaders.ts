/** Per-request DataLoaders: N parents cost one statement per loader. */
import type DataLoader from 'dataloader';
import { byKey, groupByKey, loader } from '../../lib/loaders.ts';
import type { CreditEasyLoan, FinancialPartner, LoanProduct } from '../../prisma/generated/finance/sqlite/client.ts';
import type { Db } from './db/client.ts';
import { findLoansOfEnterprises } from './db/loans.ts';
import { findPartners, findProducts, findProductsOfPartners } from './db/partners.ts';

export interface Loaders {
  partnerById: DataLoader<string, FinancialPartner | null>;
  productById: DataLoader<string, LoanProduct | null>;
  productsByPartnerId: DataLoader<string, LoanProduct[]>;
  loansByUscc: DataLoader<string, CreditEasyLoan[]>;
}

export function createLoaders(db: Db): Loaders {
  return {
    partnerById: loader(async (ids) => byKey(ids, await findPartners(db, ids), (p) => p.id)),
    productById: loader(async (ids) => byKey(ids, await findProducts(db, ids), (p) => p.id)),
    productsByPartnerId: loader(async (ids) => groupByKey(ids, await findProductsOfPartners(db, ids), (p) => p.partnerId)),
    loansByUscc: loader(async (usccs) => groupByKey(usccs, await findLoansOfEnterprises(db, usccs), (l) => l.uscc)),
  };
}
