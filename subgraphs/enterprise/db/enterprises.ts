/** Enterprise rows: lookups by USCC, the (name, uscc)-ordered page, and inserts for the seed. */
import type { Enterprise, Prisma } from '../../../prisma/generated/enterprise/sqlite/client.ts';
import type { Db } from './client.ts';

export type EnterpriseRow = Enterprise;

export function findEnterprisesByUscc(db: Db, usccs: readonly string[]): Promise<EnterpriseRow[]> {
  return db.enterprise.findMany({ where: { uscc: { in: [...usccs] } } });
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
  const and: Prisma.EnterpriseWhereInput[] = [];
  const f = q.filter ?? {};
  if (f.regionCode != null) and.push({ regionCode: f.regionCode });
  if (f.industryCode != null) and.push({ industryCode: f.industryCode });
  if (f.name != null && f.name !== '') and.push({ name: { contains: f.name } });
  if (q.after) {
    and.push({ name: { gte: q.after.name } });
    and.push({ OR: [{ name: { gt: q.after.name } }, { uscc: { gt: q.after.uscc } }] });
  }
  return db.enterprise.findMany({
    where: and.length > 0 ? { AND: and } : {},
    orderBy: [{ name: 'asc' }, { uscc: 'asc' }],
    take: q.take,
  });
}

export function insertEnterprises(db: Db, rows: Prisma.EnterpriseCreateManyInput[]): Promise<{ count: number }> {
  return db.enterprise.createMany({ data: rows });
}
