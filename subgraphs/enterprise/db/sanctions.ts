/**
 * The joint rewards and sanctions catalogue and the one batched read behind `checkSanctions`.
 */
import { select } from '../../../lib/db/reader.ts';
import type {
  ListEntry, SanctionMatter, SanctionMeasure, SanctionRule,
} from '../../../prisma/generated/enterprise/sqlite/client.ts';
import type { Db } from './client.ts';

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
