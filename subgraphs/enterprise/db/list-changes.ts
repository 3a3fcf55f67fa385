/**
 * The red/black list change log that partner cities pull for mutual recognition. Every write that
 * changes a list entry appends the entry's state after it, in the writing transaction, under
 * sequence numbers taken from the one ListChangeSequence row: the increment locks that row until
 * commit, so writers are serialized and a higher sequence number is never visible before a lower
 * one (a reader paging by `seq > cursor` never skips a change committed late).
 */
import type { ListChange, ListEntry, Prisma } from '../../../prisma/generated/enterprise/sqlite/client.ts';
import { transaction } from '../../../lib/db/client.ts';
import type { Db, Tx } from './client.ts';

export type ListChangeRow = ListChange;
export type ListChangeKind = 'LISTED' | 'UPDATED' | 'REMOVED';

/** UPDATED, or REMOVED once the entry has ended (removed, repaired or withdrawn). */
export function listChangeKind(entry: Pick<ListEntry, 'status' | 'removedOn'>): ListChangeKind {
  return entry.removedOn !== null || entry.status !== 'PUBLISHED' ? 'REMOVED' : 'UPDATED';
}

export async function appendListChanges(
  tx: Tx, entries: readonly ListEntry[], change: ListChangeKind, at: Date,
): Promise<void> {
  if (entries.length === 0) return;
  const { value } = await tx.prisma.listChangeSequence.upsert({
    where: { id: 1 },
    create: { id: 1, value: entries.length },
    update: { value: { increment: entries.length } },
  });
  const first = value - entries.length + 1;
  await tx.prisma.listChange.createMany({
    data: entries.map((e, i) => ({
      seq: first + i,
      at,
      change,
      listEntryId: e.id,
      uscc: e.uscc,
      listType: e.listType,
      listName: e.listName,
      listingAuthority: e.listingAuthority,
      listedOn: e.listedOn,
      removedOn: e.removedOn,
      status: e.status,
      publicityEndDate: e.publicityEndDate,
      underObjection: e.underObjection,
    })),
  });
}

/** Up to `take` changes after sequence number `afterSeq`, oldest first. */
export function findListChanges(db: Db, afterSeq: number, take: number): Promise<ListChangeRow[]> {
  return db.prisma.listChange.findMany({ where: { seq: { gt: afterSeq } }, orderBy: { seq: 'asc' }, take });
}

/**
 * Appends LISTED for every list entry the log has never seen (entries a bulk load wrote around
 * `insertArchive`, such as the demo seed), oldest listing first, so a partner city's first pull
 * from the start sees them. Idempotent; returns how many it appended. Run it once after a bulk
 * load, not from every replica at start.
 */
export async function backfillListChanges(db: Db, at: Date = new Date(), chunk = 5000): Promise<number> {
  const missing = await db.prisma.$queryRaw<{ id: string }[]>`
    SELECT e."id" FROM "ListEntry" e
    WHERE NOT EXISTS (SELECT 1 FROM "ListChange" c WHERE c."listEntryId" = e."id")
    ORDER BY e."listedOn", e."id"`;
  for (let i = 0; i < missing.length; i += chunk) {
    const ids = missing.slice(i, i + chunk).map((r) => r.id);
    await transaction(db, async (tx) => {
      const rows = await tx.prisma.listEntry.findMany({ where: { id: { in: ids } } });
      const order = new Map(ids.map((id, k) => [id, k]));
      rows.sort((x, y) => order.get(x.id)! - order.get(y.id)!);
      await appendListChanges(tx, rows, 'LISTED', at);
    }, { timeout: 120_000 });
  }
  return missing.length;
}
