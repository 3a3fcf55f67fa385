/** Financial partners and their credit-easy loan products: one statement per call. */
import type { FinancialPartner, LoanProduct } from '../../../prisma/generated/finance/sqlite/client.ts';
import type { Db } from './client.ts';

export function listPartners(db: Db): Promise<FinancialPartner[]> {
  return db.financialPartner.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }] });
}

export function findPartners(db: Db, ids: readonly string[]): Promise<FinancialPartner[]> {
  return db.financialPartner.findMany({ where: { id: { in: [...ids] } } });
}

const productOrder = [{ name: 'asc' as const }, { id: 'asc' as const }];

export function listProducts(db: Db): Promise<LoanProduct[]> {
  return db.loanProduct.findMany({ orderBy: productOrder });
}

export function findProducts(db: Db, ids: readonly string[]): Promise<LoanProduct[]> {
  return db.loanProduct.findMany({ where: { id: { in: [...ids] } } });
}

export function findProductsOfPartners(db: Db, partnerIds: readonly string[]): Promise<LoanProduct[]> {
  return db.loanProduct.findMany({ where: { partnerId: { in: [...partnerIds] } }, orderBy: productOrder });
}
