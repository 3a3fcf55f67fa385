/**
 * The enterprise subgraph's change log (outbox, lib/change-log.ts): events appended in the writing
 * transaction under sequence numbers taken from the one ChangeEventSequence row. The increment
 * locks that row until commit, so writers are serialized and a higher sequence number is never
 * visible before a lower one: a consumer paging by `seq > cursor` never skips a late commit.
 */
import type { ChangeEventInput } from '../../../lib/change-log.ts';
import type { ChangeEvent, ListEntry, Prisma } from '../../../prisma/generated/enterprise/sqlite/client.ts';
import type { DatabaseProvider } from '../../../lib/config.ts';
import { insertRows } from '../../../lib/db/bulk-insert.ts';
import type { Db, Tx } from './client.ts';
import { reserveSequence } from './sequence.ts';
import { listChangeKind, type ListChangeKind } from './list-changes.ts';

export type ChangeEventRow = ChangeEvent;

export async function appendChangeEvents(
  tx: Tx, events: readonly ChangeEventInput[], at: Date, provider: DatabaseProvider,
): Promise<void> {
  if (events.length === 0) return;
  const first = await reserveSequence((args) => tx.prisma.changeEventSequence.upsert(args), events.length);
  await insertRows(tx, provider, 'ChangeEvent', events.map((e, i) => ({
      seq: first + i,
      at,
      type: e.type,
      subjectKind: e.subjectKind,
      subject: e.subject,
      category: e.category,
      recordType: e.recordType,
      recordId: e.recordId,
      itemCode: e.itemCode ?? null,
      departmentCode: e.departmentCode ?? null,
      version: e.version ?? null,
      source: e.source,
      detail: e.detail === undefined ? null : JSON.stringify(e.detail),
  })));
}

/** Up to `take` events after sequence number `afterSeq`, oldest first. */
export function findChangeEvents(db: Db, afterSeq: number, take: number): Promise<ChangeEventRow[]> {
  return db.prisma.changeEvent.findMany({ where: { seq: { gt: afterSeq } }, orderBy: { seq: 'asc' }, take });
}

const LIST_EVENT: Record<ListChangeKind, ChangeEventInput['type']> = {
  LISTED: 'LIST_ENTRY_ADDED', UPDATED: 'LIST_ENTRY_UPDATED', REMOVED: 'LIST_ENTRY_REMOVED',
};

/**
 * The event of a list entry's change, carrying the entry's state after it (what the partner
 * cities' list feed shows), so the list feed can become a view of this log.
 */
export function listEntryEvent(
  entry: ListEntry, change: ListChangeKind | 'AUTO', source: ChangeEventInput['source'],
  extra: Pick<ChangeEventInput, 'itemCode' | 'departmentCode' | 'version'> = {},
): ChangeEventInput {
  const kind = change === 'AUTO' ? listChangeKind(entry) : change;
  return {
    type: LIST_EVENT[kind],
    subjectKind: 'LEGAL_PERSON',
    subject: entry.uscc,
    category: entry.listType === 'RED' ? 'RED_LIST' : 'BLACK_LIST',
    recordType: 'ListEntry',
    recordId: entry.id,
    source,
    ...extra,
    detail: {
      listType: entry.listType, listName: entry.listName, listingAuthority: entry.listingAuthority,
      listedOn: entry.listedOn, removedOn: entry.removedOn, status: entry.status,
      publicityEndDate: entry.publicityEndDate, underObjection: entry.underObjection,
    },
  };
}
