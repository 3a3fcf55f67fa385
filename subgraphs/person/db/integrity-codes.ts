/**
 * Integrity codes: the issuance ledger (token id → person, grade, validity) and the spent token
 * ids. Both append-only here.
 */
import { isUniqueViolation } from '../../../lib/db/client.ts';
import type { IntegrityCodeIssue } from '../../../prisma/generated/person/sqlite/client.ts';
import type { Db } from './client.ts';

export type IntegrityCodeIssueRow = IntegrityCodeIssue;

export async function recordIntegrityCodeIssue(db: Db, row: IntegrityCodeIssueRow): Promise<void> {
  await db.prisma.integrityCodeIssue.create({ data: row });
}

export function integrityCodeIssuesByJtis(db: Db, jtis: readonly string[]): Promise<IntegrityCodeIssueRow[]> {
  return db.prisma.integrityCodeIssue.findMany({ where: { jti: { in: [...jtis] } } });
}

/**
 * Spends a token id: true if this call spent it, false if it was spent already. One INSERT against
 * the primary key, so of any number of concurrent calls (one process or several, SQLite or
 * PostgreSQL) exactly one succeeds.
 */
export async function spendIntegrityCode(db: Db, jti: string, institutionId: string, at: Date): Promise<boolean> {
  try {
    await db.prisma.spentIntegrityCode.create({ data: { jti, institutionId, spentAt: at } });
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}
