/**
 * The red/black list feed that partner cities pull for mutual recognition, read from the change log
 * (ChangeEvent, db/change-log.ts): every write that changes a list entry appends a LIST_ENTRY_*
 * event carrying the entry's state after it, in the writing transaction, so the feed, monitoring
 * and cache invalidation read one log and its one sequence. The end of an entry's publicity is no
 * write: `appendExpiryRemovals` logs it when a reader first asks after it. What a reader may see of
 * the feed is decided in ../list-changes.ts; this file only reads facts.
 */
import type { ListEntry } from '../../../prisma/generated/enterprise/sqlite/client.ts';
import type { ChangeEventInput, ChangeEventType } from '../../../lib/change-log.ts';
import { transaction } from '../../../lib/db/client.ts';
import type { Db, Tx } from './client.ts';
import { appendChangeEvents, type ChangeEventRow } from './change-log.ts';

export type ListChangeKind = 'LISTED' | 'UPDATED' | 'REMOVED';

/** One change of a list entry as the feed shows it: the entry's state after the change. */
export interface ListChangeRow {
  seq: number;
  at: Date;
  change: ListChangeKind;
  listEntryId: string;
  uscc: string;
  listType: string;
  listName: string;
  listingAuthority: string;
  listedOn: string;
  removedOn: string | null;
  status: string;
  publicityEndDate: string | null;
  underObjection: boolean;
}

/** The state a list event carries (its `detail`). */
type ListEntryDetail = Pick<ListChangeRow,
  'listType' | 'listName' | 'listingAuthority' | 'listedOn' | 'removedOn' | 'status' | 'publicityEndDate' | 'underObjection'>;

export const LIST_EVENT: Record<ListChangeKind, ChangeEventType> = {
  LISTED: 'LIST_ENTRY_ADDED', UPDATED: 'LIST_ENTRY_UPDATED', REMOVED: 'LIST_ENTRY_REMOVED',
};
const KIND_OF: Record<string, ListChangeKind> = Object.fromEntries(Object.entries(LIST_EVENT).map(([k, v]) => [v, k as ListChangeKind]));
const LIST_EVENT_TYPES = Object.values(LIST_EVENT);

/** UPDATED, or REMOVED once the entry has ended (removed, repaired or withdrawn; expiry: appendExpiryRemovals). */
export function listChangeKind(entry: Pick<ListEntry, 'status' | 'removedOn'>): ListChangeKind {
  return entry.removedOn !== null || entry.status !== 'PUBLISHED' ? 'REMOVED' : 'UPDATED';
}

/** The event of a list entry's change, carrying the entry's state after it (what the feed shows). */
export function listEntryEvent(
  entry: ListEntry, change: ListChangeKind | 'AUTO', source: ChangeEventInput['source'],
  extra: Pick<ChangeEventInput, 'itemCode' | 'departmentCode' | 'version'> = {},
): ChangeEventInput {
  const kind = change === 'AUTO' ? listChangeKind(entry) : change;
  const detail: ListEntryDetail = {
    listType: entry.listType, listName: entry.listName, listingAuthority: entry.listingAuthority,
    listedOn: entry.listedOn, removedOn: entry.removedOn, status: entry.status,
    publicityEndDate: entry.publicityEndDate, underObjection: entry.underObjection,
  };
  return {
    type: LIST_EVENT[kind],
    subjectKind: 'LEGAL_PERSON',
    subject: entry.uscc,
    category: entry.listType === 'RED' ? 'RED_LIST' : 'BLACK_LIST',
    recordType: 'ListEntry',
    recordId: entry.id,
    source,
    // The item decides who may hear of the entry (monitoring, the list feed): rules.ts.
    itemCode: entry.catalogItemCode,
    ...extra,
    detail,
  };
}

function toListChange(e: Pick<ChangeEventRow, 'seq' | 'at' | 'type' | 'recordId' | 'subject' | 'detail'>): ListChangeRow {
  const d = JSON.parse(e.detail!) as ListEntryDetail;
  return { seq: e.seq, at: e.at, change: KIND_OF[e.type]!, listEntryId: e.recordId!, uscc: e.subject, ...d };
}

/** The entry's state now, which decides what a reader may see of its changes. */
export type CurrentListEntry = Pick<ListEntry, 'id' | 'uscc' | 'status' | 'publicityEndDate' | 'removedOn' | 'underObjection' | 'catalogItemCode'>;

export interface ListChangeFacts {
  change: ListChangeRow;
  /** The entry as it is now (null if it is gone). */
  entry: CurrentListEntry | null;
  /** Whether this is the entry's latest change. */
  latest: boolean;
}

const listEvents = { recordType: 'ListEntry', type: { in: LIST_EVENT_TYPES } };

/**
 * Up to `take` list changes after sequence number `afterSeq`, oldest first, each with its entry's
 * current state and whether it is the entry's latest change (three statements a page; the first
 * walks the ChangeEvent (recordType, seq) index).
 */
export async function findListChanges(db: Db, afterSeq: number, take: number): Promise<ListChangeFacts[]> {
  const events = await db.prisma.changeEvent.findMany({ where: { ...listEvents, seq: { gt: afterSeq } }, orderBy: { seq: 'asc' }, take });
  const changes = events.map(toListChange);
  const ids = [...new Set(changes.map((c) => c.listEntryId))];
  if (ids.length === 0) return [];
  const [entries, latest] = await Promise.all([
    db.prisma.listEntry.findMany({
      where: { id: { in: ids } },
      select: { id: true, uscc: true, status: true, publicityEndDate: true, removedOn: true, underObjection: true, catalogItemCode: true },
    }),
    db.prisma.changeEvent.groupBy({ by: ['recordId'], where: { ...listEvents, recordId: { in: ids } }, _max: { seq: true } }),
  ]);
  const entryById = new Map(entries.map((e) => [e.id, e]));
  const latestSeq = new Map(latest.map((l) => [l.recordId, l._max.seq]));
  return changes.map((change) => ({
    change, entry: entryById.get(change.listEntryId) ?? null, latest: latestSeq.get(change.listEntryId) === change.seq,
  }));
}

/**
 * The changes of these entries at or before sequence number `atOrBeforeSeq`, each with the catalogue
 * item its event names (null for events written before list events named it).
 */
export async function findEarlierListChanges(
  db: Db, entryIds: readonly string[], atOrBeforeSeq: number,
): Promise<(ListChangeRow & { itemCode: string | null })[]> {
  if (entryIds.length === 0) return [];
  const events = await db.prisma.changeEvent.findMany({
    where: { ...listEvents, recordId: { in: [...entryIds] }, seq: { lte: atOrBeforeSeq } }, orderBy: { seq: 'asc' },
  });
  return events.map((e) => ({ ...toListChange(e), itemCode: e.itemCode }));
}

/** Appends the events of these entries in their order, the entries read back as they are now. */
async function appendEntryEvents(tx: Tx, db: Db, ids: readonly string[], kind: ListChangeKind, at: Date, source: ChangeEventInput['source']): Promise<void> {
  const rows = await tx.prisma.listEntry.findMany({ where: { id: { in: [...ids] } } });
  const order = new Map(ids.map((id, k) => [id, k]));
  rows.sort((x, y) => order.get(x.id)! - order.get(y.id)!);
  await appendChangeEvents(tx, rows.map((e) => listEntryEvent(e, kind, source)), at, db.reader.provider);
}

/** Locks the change log's sequence row until commit: a second caller waits, then finds its work done. */
const lockSequence = (tx: Tx) =>
  tx.prisma.changeEventSequence.upsert({ where: { id: 1 }, create: { id: 1, value: 0 }, update: { value: { increment: 0 } } });

/**
 * Appends REMOVED for every entry whose publicity ended before `today` (still PUBLISHED, end date
 * past) and whose latest list event is not a removal yet: so a reader whose cursor is past its last
 * change learns that it ended. Idempotent, also between processes: the sequence row is locked
 * first, so a second run waits and then finds nothing left to do. Returns how many it appended.
 */
export async function appendExpiryRemovals(db: Db, today: string, at: Date, chunk = 5000): Promise<number> {
  return transaction(db, async (tx) => {
    await lockSequence(tx);
    const expired = await tx.prisma.$queryRaw<{ id: string }[]>`
      SELECT e."id" FROM "ListEntry" e
      JOIN "ChangeEvent" c ON c."recordType" = 'ListEntry' AND c."recordId" = e."id"
        AND c."seq" = (SELECT MAX(m."seq") FROM "ChangeEvent" m
                       WHERE m."recordType" = 'ListEntry' AND m."recordId" = e."id" AND m."type" IN ('LIST_ENTRY_ADDED', 'LIST_ENTRY_UPDATED', 'LIST_ENTRY_REMOVED'))
      WHERE e."status" = 'PUBLISHED' AND e."publicityEndDate" < ${today} AND c."type" <> 'LIST_ENTRY_REMOVED'
      ORDER BY e."publicityEndDate", e."id"`;
    for (let i = 0; i < expired.length; i += chunk) {
      await appendEntryEvents(tx, db, expired.slice(i, i + chunk).map((r) => r.id), 'REMOVED', at, 'RETENTION');
    }
    return expired.length;
  }, { timeout: 120_000 });
}

/**
 * Appends LISTED for every list entry the log has never seen (entries a bulk load wrote around
 * `insertArchive`, or written before the list feed read the change log), oldest listing first, so a
 * partner city's first pull from the start sees them. Idempotent, also between processes (the
 * sequence row is locked first); returns how many it appended.
 */
export async function backfillListChanges(db: Db, at: Date = new Date(), chunk = 5000): Promise<number> {
  return transaction(db, async (tx) => {
    await lockSequence(tx);
    const missing = await tx.prisma.$queryRaw<{ id: string }[]>`
      SELECT e."id" FROM "ListEntry" e
      WHERE NOT EXISTS (SELECT 1 FROM "ChangeEvent" c WHERE c."recordType" = 'ListEntry' AND c."recordId" = e."id")
      ORDER BY e."listedOn", e."id"`;
    for (let i = 0; i < missing.length; i += chunk) {
      await appendEntryEvents(tx, db, missing.slice(i, i + chunk).map((r) => r.id), 'LISTED', at, 'SEED');
    }
    return missing.length;
  }, { timeout: 120_000 });
}
