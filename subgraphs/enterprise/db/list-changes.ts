/**
 * The red/black list change log that partner cities pull for mutual recognition. Every write that
 * changes a list entry appends the entry's state after it, in the writing transaction, under
 * sequence numbers taken from the one ListChangeSequence row: the increment locks that row until
 * commit, so writers are serialized and a higher sequence number is never visible before a lower
 * one (a reader paging by `seq > cursor` never skips a change committed late). The end of an
 * entry's publicity is no write: `appendExpiryRemovals` logs it when a reader first asks after it.
 * What a reader may see of the log is decided in ../list-changes.ts; this file only reads facts.
 */
import type { ListChange, ListEntry, Prisma } from '../../../prisma/generated/enterprise/sqlite/client.ts';
import { transaction } from '../../../lib/db/client.ts';
import type { Db, Tx } from './client.ts';
import { reserveSequence } from './sequence.ts';

export type ListChangeRow = ListChange;
export type ListChangeKind = 'LISTED' | 'UPDATED' | 'REMOVED';

/** UPDATED, or REMOVED once the entry has ended (removed, repaired or withdrawn; expiry: appendExpiryRemovals). */
export function listChangeKind(entry: Pick<ListEntry, 'status' | 'removedOn'>): ListChangeKind {
  return entry.removedOn !== null || entry.status !== 'PUBLISHED' ? 'REMOVED' : 'UPDATED';
}

export async function appendListChanges(
  tx: Tx, entries: readonly ListEntry[], change: ListChangeKind, at: Date,
): Promise<void> {
  if (entries.length === 0) return;
  const first = await reserveSequence((args) => tx.prisma.listChangeSequence.upsert(args), entries.length);
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

/** The entry's state now, which decides what a reader may see of its changes. */
export type CurrentListEntry = Pick<ListEntry, 'id' | 'uscc' | 'status' | 'publicityEndDate' | 'removedOn' | 'underObjection'>;

export interface ListChangeFacts {
  change: ListChangeRow;
  /** The entry as it is now (null if it is gone). */
  entry: CurrentListEntry | null;
  /** Whether this is the entry's latest change. */
  latest: boolean;
}

/**
 * Up to `take` changes after sequence number `afterSeq`, oldest first, each with its entry's
 * current state and whether it is the entry's latest change (three statements a page).
 */
export async function findListChanges(db: Db, afterSeq: number, take: number): Promise<ListChangeFacts[]> {
  const changes = await db.prisma.listChange.findMany({ where: { seq: { gt: afterSeq } }, orderBy: { seq: 'asc' }, take });
  const ids = [...new Set(changes.map((c) => c.listEntryId))];
  if (ids.length === 0) return [];
  const [entries, latest] = await Promise.all([
    db.prisma.listEntry.findMany({
      where: { id: { in: ids } },
      select: { id: true, uscc: true, status: true, publicityEndDate: true, removedOn: true, underObjection: true },
    }),
    db.prisma.listChange.groupBy({ by: ['listEntryId'], where: { listEntryId: { in: ids } }, _max: { seq: true } }),
  ]);
  const entryById = new Map(entries.map((e) => [e.id, e]));
  const latestSeq = new Map(latest.map((l) => [l.listEntryId, l._max.seq]));
  return changes.map((change) => ({
    change, entry: entryById.get(change.listEntryId) ?? null, latest: latestSeq.get(change.listEntryId) === change.seq,
  }));
}

/** The changes of these entries at or before sequence number `atOrBeforeSeq`. */
export function findEarlierListChanges(db: Db, entryIds: readonly string[], atOrBeforeSeq: number): Promise<ListChangeRow[]> {
  if (entryIds.length === 0) return Promise.resolve([]);
  return db.prisma.listChange.findMany({ where: { listEntryId: { in: [...entryIds] }, seq: { lte: atOrBeforeSeq } }, orderBy: { seq: 'asc' } });
}

/**
 * Appends REMOVED for every entry whose publicity ended before `today` (still PUBLISHED, end date
 * past) and whose latest change is not a removal yet: so a reader whose cursor is past its last
 * change learns that it ended. Idempotent, also between processes: the sequence row is locked
 * first, so a second run waits and then finds nothing left to do. Returns how many it appended.
 */
export async function appendExpiryRemovals(db: Db, today: string, at: Date, chunk = 5000): Promise<number> {
  return transaction(db, async (tx) => {
    await tx.prisma.listChangeSequence.upsert({ where: { id: 1 }, create: { id: 1, value: 0 }, update: { value: { increment: 0 } } });
    const expired = await tx.prisma.$queryRaw<{ id: string }[]>`
      SELECT e."id" FROM "ListEntry" e
      JOIN "ListChange" c ON c."listEntryId" = e."id"
        AND c."seq" = (SELECT MAX(m."seq") FROM "ListChange" m WHERE m."listEntryId" = e."id")
      WHERE e."status" = 'PUBLISHED' AND e."publicityEndDate" < ${today} AND c."change" <> 'REMOVED'
      ORDER BY e."publicityEndDate", e."id"`;
    for (let i = 0; i < expired.length; i += chunk) {
      const ids = expired.slice(i, i + chunk).map((r) => r.id);
      const rows = await tx.prisma.listEntry.findMany({ where: { id: { in: ids } }, orderBy: [{ publicityEndDate: 'asc' }, { id: 'asc' }] });
      await appendListChanges(tx, rows, 'REMOVED', at);
    }
    return expired.length;
  }, { timeout: 120_000 });
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
