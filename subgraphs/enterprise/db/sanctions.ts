/**
 * The joint rewards and sanctions catalogue and the one batched read behind `checkSanctions`.
 */
import type { DatabaseProvider } from '../../../lib/config.ts';
import type {
  ListEntry, SanctionMatter, SanctionMeasure, SanctionRule,
} from '../../../prisma/generated/enterprise/sqlite/client.ts';
import type { Db } from './client.ts';

export type SanctionMatterRow = SanctionMatter;
export type SanctionMeasureRow = SanctionMeasure;
export type SanctionRuleWithMeasure = SanctionRule & { measure: SanctionMeasure };

export function findSanctionMatters(db: Db): Promise<SanctionMatterRow[]> {
  return db.sanctionMatter.findMany({ orderBy: { code: 'asc' } });
}

/** A matter with its rules and their measures, or null for an unknown code. */
export function findSanctionMatter(db: Db, code: string): Promise<(SanctionMatter & { rules: SanctionRuleWithMeasure[] }) | null> {
  return db.sanctionMatter.findUnique({
    where: { code },
    include: { rules: { include: { measure: true }, orderBy: [{ measureCode: 'asc' }, { listName: 'asc' }] } },
  });
}

/**
 * List entries in force today of any of `usccs` on any of `listNames`: PUBLISHED, listed, not
 * removed, within publicity (as `isActiveListEntry` in disclosure.ts). ONE statement whatever the
 * number of subjects: the keys travel as one array parameter (PostgreSQL `= ANY($1)`, SQLite
 * `json_each(?)`), where Prisma's `in` would split 1,000 keys over several statements on SQLite.
 */
export async function findActiveListEntries(
  db: Db, provider: DatabaseProvider, usccs: readonly string[], listNames: readonly string[], today: string,
): Promise<ListEntry[]> {
  if (usccs.length === 0 || listNames.length === 0) return [];
  const rows = provider === 'postgresql'
    ? await db.$queryRaw<RawListEntry[]>`
        SELECT * FROM "ListEntry"
        WHERE "uscc" = ANY(${[...usccs]}::text[]) AND "listName" = ANY(${[...listNames]}::text[])
          AND "status" = 'PUBLISHED' AND "listedOn" <= ${today}
          AND ("removedOn" IS NULL OR "removedOn" > ${today})
          AND ("publicityEndDate" IS NULL OR "publicityEndDate" >= ${today})
        ORDER BY "uscc", "listType", "listedOn" DESC, "id"`
    : await db.$queryRaw<RawListEntry[]>`
        SELECT * FROM "ListEntry"
        WHERE "uscc" IN (SELECT value FROM json_each(${JSON.stringify(usccs)}))
          AND "listName" IN (SELECT value FROM json_each(${JSON.stringify(listNames)}))
          AND "status" = 'PUBLISHED' AND "listedOn" <= ${today}
          AND ("removedOn" IS NULL OR "removedOn" > ${today})
          AND ("publicityEndDate" IS NULL OR "publicityEndDate" >= ${today})
        ORDER BY "uscc", "listType", "listedOn" DESC, "id"`;
  return rows.map(toListEntry);
}

/** A raw row: SQLite answers a BOOLEAN column as 0/1. */
type RawListEntry = Omit<ListEntry, 'underObjection'> & { underObjection: boolean | number | bigint };

const toListEntry = (r: RawListEntry): ListEntry => ({ ...r, underObjection: Boolean(Number(r.underObjection)) });
