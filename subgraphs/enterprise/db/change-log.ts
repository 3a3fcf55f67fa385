/**
 * The enterprise subgraph's change log (outbox, lib/change-log.ts): events appended in the writing
 * transaction under sequence numbers taken from the one ChangeEventSequence row. The increment
 * locks that row until commit, so writers are serialized and a higher sequence number is never
 * visible before a lower one: a consumer paging by `seq > cursor` never skips a late commit.
 */
import type { ChangeEventInput } from '../../../lib/change-log.ts';
import type { ChangeEvent } from '../../../prisma/generated/enterprise/sqlite/client.ts';
import type { DatabaseProvider } from '../../../lib/config.ts';
import { insertRows } from '../../../lib/db/bulk-insert.ts';
import type { Db, Tx } from './client.ts';
import { reserveSequence } from './sequence.ts';

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

/** The seq of the newest event (0 for an empty log). */
export async function lastChangeSeq(db: Db): Promise<number> {
  const newest = await db.prisma.changeEvent.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true } });
  return newest?.seq ?? 0;
}
