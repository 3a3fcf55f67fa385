/**
 * Disclosure applies when an event is delivered (issue 14), by the feed or by a webhook: an event
 * about a record that has been repaired, withdrawn, passed its publicity end or been deleted by then
 * is not delivered, whether it happened
 * before or after the record ended; the events that say it ended are (the receiver learns that the
 * record is gone). A suspended institution is refused before this (the gateway refuses its keys;
 * the dispatcher suppresses its messages).
 */
import type { Tx } from '../db/client.ts';
import { endedRecords, type MonitoredChange } from '../db/feed.ts';

/** What may be said about an ended record: that it ended, and how (repair, objection, retention). */
const SAYS_IT_ENDED = new Set(['RECORD_REPAIRED', 'RECORD_WITHDRAWN', 'RECORD_EXPIRED', 'RECORD_DELETED', 'REPAIR_GRANTED', 'OBJECTION_DECIDED']);

/** The seqs of `changes` that may not be delivered now. */
export async function undisclosed(db: Tx, changes: readonly Pick<MonitoredChange, 'seq' | 'type' | 'recordId'>[]): Promise<Set<number>> {
  const ask = changes.filter((c) => c.recordId && !SAYS_IT_ENDED.has(c.type)).map((c) => c.recordId!);
  if (ask.length === 0) return new Set();
  const ended = await endedRecords(db, ask);
  return new Set(changes.filter((c) => c.recordId && !SAYS_IT_ENDED.has(c.type) && ended.has(c.recordId)).map((c) => c.seq));
}
