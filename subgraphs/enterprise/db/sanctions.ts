/**
 * The joint rewards and sanctions catalogue and the one batched read behind `checkSanctions`.
 */
import { select } from '../../../lib/db/reader.ts';
import type {
  ListEntry, Prisma, SanctionCase, SanctionMatter, SanctionMeasure, SanctionRule,
} from '../../../prisma/generated/enterprise/sqlite/client.ts';
import type { DatabaseProvider } from '../../../lib/config.ts';
import { insertRows } from '../../../lib/db/bulk-insert.ts';
import type { Db, Tx } from './client.ts';

export type SanctionMatterRow = SanctionMatter;
export type SanctionMeasureRow = SanctionMeasure;
export type SanctionRuleWithMeasure = SanctionRule & { measure: SanctionMeasure };

export function findSanctionMatters(db: Db): Promise<SanctionMatterRow[]> {
  return db.prisma.sanctionMatter.findMany({ orderBy: { code: 'asc' } });
}

/** A matter with its rules and their measures, or null for an unknown code. */
export function findSanctionMatter(db: Db, code: string): Promise<(SanctionMatter & { rules: SanctionRuleWithMeasure[] }) | null> {
  return db.prisma.sanctionMatter.findUnique({
    where: { code },
    include: { rules: { include: { measure: true }, orderBy: [{ measureCode: 'asc' }, { listName: 'asc' }] } },
  });
}

const activeListEntries = select('enterprise.activeListEntries', `
  SELECT * FROM "ListEntry"
  WHERE "uscc" = ANY($1) AND "listName" = ANY($2)
    AND "status" = 'PUBLISHED' AND "listedOn" <= $3
    AND ("removedOn" IS NULL OR "removedOn" > $3)
    AND ("publicityEndDate" IS NULL OR "publicityEndDate" >= $3)
  ORDER BY "uscc", "listType", "listedOn" DESC, "id"`, ['underObjection']);

/**
 * List entries in force today of any of `usccs` on any of `listNames`: PUBLISHED, listed, not
 * removed, within publicity (as `isActiveListEntry` in disclosure.ts). ONE prepared statement
 * whatever the number of subjects (lib/db/reader.ts): the keys travel as one list parameter, where
 * Prisma's `in` would split 1,000 keys over several statements on SQLite.
 */
export async function findActiveListEntries(
  db: Db, usccs: readonly string[], listNames: readonly string[], today: string,
): Promise<ListEntry[]> {
  if (usccs.length === 0 || listNames.length === 0) return [];
  return db.reader.all<ListEntry>(activeListEntries, [usccs, listNames, today]);
}

// --- Checks and cases (issue 16) -------------------------------------------------------------------

export type SanctionCaseRow = SanctionCase;

/**
 * One check and its cases (the subjects found RESTRICTED or INCENTIVE), in the caller's transaction:
 * two statements whatever the number of cases (bulk-insert.ts; createMany would split 1,000 rows).
 */
export async function insertSanctionCheck(
  tx: Tx, provider: DatabaseProvider, check: Prisma.SanctionCheckCreateInput, cases: readonly Prisma.SanctionCaseCreateManyInput[],
): Promise<void> {
  await tx.prisma.sanctionCheck.create({ data: check });
  await insertRows(tx, provider, 'SanctionCase', cases as unknown as Record<string, unknown>[]);
}

export function findSanctionCheck(db: Db | Tx, id: string) {
  return db.prisma.sanctionCheck.findUnique({ where: { id } });
}

export function findSanctionCase(db: Db | Tx, checkId: string, subjectKey: string): Promise<SanctionCaseRow | null> {
  return db.prisma.sanctionCase.findUnique({ where: { checkId_subjectKey: { checkId, subjectKey } } });
}

export function recordSanctionOutcome(
  tx: Tx, id: string, outcome: Pick<SanctionCase, 'outcome' | 'outcomeMeasure' | 'outcomeNote' | 'reportedAt'>,
): Promise<SanctionCaseRow> {
  return tx.prisma.sanctionCase.update({ where: { id }, data: outcome });
}

export interface SanctionCaseFilter {
  institutionId?: string;
  checkId?: string;
  matterCode?: string;
  reported?: boolean;
  take: number;
}

/** Newest first (the `[institutionId, at]` index serves a government institution's own cases). */
export function findSanctionCases(db: Db, f: SanctionCaseFilter): Promise<SanctionCaseRow[]> {
  return db.prisma.sanctionCase.findMany({
    where: {
      ...(f.institutionId !== undefined ? { institutionId: f.institutionId } : {}),
      ...(f.checkId !== undefined ? { checkId: f.checkId } : {}),
      ...(f.matterCode !== undefined ? { matterCode: f.matterCode } : {}),
      ...(f.reported === undefined ? {} : f.reported ? { outcome: { not: null } } : { outcome: null }),
    },
    orderBy: [{ at: 'desc' }, { id: 'asc' }],
    take: f.take,
  });
}
