/**
 * Integrity codes: the issuance ledger (token id → person, grade, validity) and the spent token
 * ids. Both append-only here.
 */
import type { IntegrityCodeIssue } from '../../../prisma/generated/person/sqlite/client.ts';
import type { Db } from './client.ts';

export type IntegrityCodeIssueRow = IntegrityCodeIssue;

export async function recordIntegrityCodeIssue(db: Db, row: IntegrityCodeIssueRow): Promise<void> {
  await db.integrityCodeIssue.create({ data: row });
}

export function integrityCodeIssuesByJtis(db: Db, jtis: readonly string[]): Promise<IntegrityCodeIssueRow[]> {
  return db.integrityCodeIssue.findMany({ where: { jti: { in: [...jtis] } } });
}

/** Prisma's "unique constraint failed" (the same code from the SQLite and the PostgreSQL client). */
const isUniqueViolation = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'P2002';

/**
 * Spends a token id: true if this call spent it, false if it was spent already. One INSERT against
 * the primary key, so of any number of concurrent calls (one process or several, SQLite or
 * PostgreSQL) exactly one succeeds.
 */
export async function spendIntegrityCode(db: Db, jti: string, institutionId: string, at: Date): Promise<boolean> {
  try {
    await db.spentIntegrityCode.create({ data: { jti, institutionId, spentAt: at } });
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}
