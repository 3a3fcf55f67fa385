/** Enterprise rows: lookups by USCC, the (name, uscc)-ordered page, and inserts for the seed. */
import type { Enterprise, Prisma } from '../../../prisma/generated/enterprise/sqlite/client.ts';
import { select } from '../../../lib/db/reader.ts';
import type { Db } from './client.ts';

export type EnterpriseRow = Enterprise;

const BOOLEANS = ['usccCheckDigitValid'];
const byUscc = select('enterprise.byUscc', 'SELECT * FROM "Enterprise" WHERE "uscc" = ANY($1)', BOOLEANS);

export function findEnterprisesByUscc(db: Db, usccs: readonly string[]): Promise<EnterpriseRow[]> {
  return db.reader.all<EnterpriseRow>(byUscc, [usccs]);
}

/** The page statements without a name filter (the common case): region / industry / none × cursor or not. */
const pageQueries = new Map<string, ReturnType<typeof select>>();
function pageQuery(column: 'regionCode' | 'industryCode' | null, cursor: boolean) {
  const key = `${column ?? '-'}|${cursor}`;
  let q = pageQueries.get(key);
  if (!q) {
    const where: string[] = [];
    let n = 0;
    if (column) where.push(`"${column}" = $${++n}`);
    if (cursor) { where.push(`"name" >= $${n + 1} AND ("name" > $${n + 1} OR "uscc" > $${n + 2})`); n += 2; }
    q = select(`enterprise.page.${key}`,
      `SELECT * FROM "Enterprise"${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY "name" ASC, "uscc" ASC LIMIT $${n + 1}`, BOOLEANS);
    pageQueries.set(key, q);
  }
  return q;
}

export interface EnterpriseFilterInput {
  /** Substring of the registered name. */
  name?: string | null;
  regionCode?: string | null;
  industryCode?: string | null;
}

/** The position after which a page starts: the last (name, uscc) of the previous page. */
export interface EnterpriseCursor {
  name: string;
  uscc: string;
}

/**
 * Up to `take` enterprises in (name, uscc) order after `after`. Equality filters on region or
 * industry walk the (regionCode | industryCode, name, uscc) indexes in order; the cursor is a
 * range on the same columns, so no page scans what earlier pages read.
 */
export function findEnterprisePage(
  db: Db,
  q: { filter?: EnterpriseFilterInput | null; after?: EnterpriseCursor | null; take: number },
): Promise<EnterpriseRow[]> {
  const f = q.filter ?? {};
  const byNameToo = f.name != null && f.name !== '';
  // One equality filter at most and no name filter: a prepared statement on the matching index.
  if (!byNameToo && (f.regionCode == null || f.industryCode == null)) {
    const column = f.regionCode != null ? 'regionCode' : f.industryCode != null ? 'industryCode' : null;
    const params: unknown[] = [];
    if (column) params.push(f[column]);
    if (q.after) params.push(q.after.name, q.after.uscc);
    params.push(q.take);
    return db.reader.all<EnterpriseRow>(pageQuery(column, q.after != null), params);
  }
  const and: Prisma.EnterpriseWhereInput[] = [];
  if (f.regionCode != null) and.push({ regionCode: f.regionCode });
  if (f.industryCode != null) and.push({ industryCode: f.industryCode });
  if (byNameToo) and.push({ name: { contains: f.name! } });
  if (q.after) {
    and.push({ name: { gte: q.after.name } });
    and.push({ OR: [{ name: { gt: q.after.name } }, { uscc: { gt: q.after.uscc } }] });
  }
  return db.prisma.enterprise.findMany({
    where: and.length > 0 ? { AND: and } : {},
    orderBy: [{ name: 'asc' }, { uscc: 'asc' }],
    take: q.take,
  });
}

export function insertEnterprises(db: Db, rows: Prisma.EnterpriseCreateManyInput[]): Promise<{ count: number }> {
  return db.prisma.enterprise.createMany({ data: rows });
}
