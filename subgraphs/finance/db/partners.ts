/** Financial partners and their credit-easy loan products: one statement per call (by id: lib/db/reader.ts). */
import type { FinancialPartner, LoanProduct } from '../../../prisma/generated/finance/sqlite/client.ts';
import { select } from '../../../lib/db/reader.ts';
import type { Db, Tx } from './client.ts';

const partnersById = select('finance.partnersById', 'SELECT * FROM "FinancialPartner" WHERE "id" = ANY($1)');
const productsById = select('finance.productsById', 'SELECT * FROM "LoanProduct" WHERE "id" = ANY($1)');

export function listPartners(db: Db): Promise<FinancialPartner[]> {
  return db.prisma.financialPartner.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }] });
}

export function findPartners(db: Db, ids: readonly string[]): Promise<FinancialPartner[]> {
  return db.reader.all<FinancialPartner>(partnersById, [ids]);
}

const productOrder = [{ name: 'asc' as const }, { id: 'asc' as const }];

export function listProducts(db: Db): Promise<LoanProduct[]> {
  return db.prisma.loanProduct.findMany({ orderBy: productOrder });
}

export function findProducts(db: Db, ids: readonly string[]): Promise<LoanProduct[]> {
  return db.reader.all<LoanProduct>(productsById, [ids]);
}

export function findProductsOfPartners(db: Db, partnerIds: readonly string[]): Promise<LoanProduct[]> {
  return db.prisma.loanProduct.findMany({ where: { partnerId: { in: [...partnerIds] } }, orderBy: productOrder });
}

/** The lender a FINANCIAL institution reports for, if one is registered to it. */
export function findPartnerOfInstitution(db: Db | Tx, institutionId: string): Promise<FinancialPartner | null> {
  return db.prisma.financialPartner.findUnique({ where: { institutionId } });
}

/** One product through the client (inside a transaction, where the reader's connection must not be used). */
export function findProductIn(tx: Tx, id: string): Promise<LoanProduct | null> {
  return tx.prisma.loanProduct.findUnique({ where: { id } });
}

// ---- Lenders registered by operators (issue 14) -------------------------------------------------

export function insertPartner(db: Db, row: FinancialPartner): Promise<FinancialPartner> {
  return db.prisma.financialPartner.create({ data: row });
}

/** Ties the lender to `institutionId` (null: unties it); null when there is no such lender. */
export async function setPartnerInstitution(db: Db, id: string, institutionId: string | null): Promise<FinancialPartner | null> {
  const { count } = await db.prisma.financialPartner.updateMany({ where: { id }, data: { institutionId } });
  return count === 0 ? null : db.prisma.financialPartner.findUnique({ where: { id } });
}

export function insertProduct(db: Db, row: LoanProduct): Promise<LoanProduct> {
  return db.prisma.loanProduct.create({ data: row });
}
