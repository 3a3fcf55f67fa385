/**
 * The enterprise subgraph's change log (outbox, lib/change-log.ts), appended and numbered as
 * lib/db/change-log.ts does for every subgraph's log.
 */
import type { ChangeEventInput } from '../../../lib/change-log.ts';
import type { ChangeEvent } from '../../../prisma/generated/enterprise/sqlite/client.ts';
import type { DatabaseProvider } from '../../../lib/config.ts';
import { appendToChangeLog } from '../../../lib/db/change-log.ts';
import type { Db, Tx } from './client.ts';

export type ChangeEventRow = ChangeEvent;

export function appendChangeEvents(
  tx: Tx, events: readonly ChangeEventInput[], at: Date, provider: DatabaseProvider,
): Promise<void> {
  return appendToChangeLog(tx, (args) => tx.prisma.changeEventSequence.upsert(args), events, at, provider);
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
