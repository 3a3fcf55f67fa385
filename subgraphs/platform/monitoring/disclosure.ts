/**
 * Disclosure applies when an event is delivered (issue 14), by the feed or by a webhook: an event
 * about a record that has been repaired, withdrawn, passed its publicity end or been deleted by then
 * is not delivered, whether it happened
 * before or after the record ended; the events that say it ended are (the receiver learns that the
 * record is gone). A suspended institution is refused before this (the gateway refuses its keys;
 * the dispatcher suppresses its messages).
 *
 * The catalogue's disclosure attribute applies too (issue 13): an event about a record of an item
 * withheld from the receiving institution (CONDITIONAL unless it is a government one, SELF_ONLY
 * always: the enterprise subgraph's rules.ts) is never delivered to it, not even that it ended.
 */
import type { InstitutionKind } from '../../../lib/caller.ts';
import type { Catalogue } from '../../../lib/catalogue/index.ts';
import { visibilityFor } from '../../enterprise/rules.ts';
import type { Tx } from '../db/client.ts';
import { endedRecords, type MonitoredChange } from '../db/feed.ts';

/** The catalogue items whose records an institution of `kind` does not hear of. */
export function itemsWithheldFrom(kind: InstitutionKind, catalogue: Catalogue): readonly string[] {
  return visibilityFor({ kind: 'INSTITUTION', institutionId: '', institutionKind: kind, institutionName: '', scopes: [] }, catalogue).withheldItems;
}

/** What may be said about an ended record: that it ended, and how (repair, objection, retention). */
const SAYS_IT_ENDED = new Set(['RECORD_REPAIRED', 'RECORD_WITHDRAWN', 'RECORD_EXPIRED', 'RECORD_DELETED', 'REPAIR_GRANTED', 'OBJECTION_DECIDED']);

/** The seqs of `changes` that may not be delivered now to a receiver from whom `withheldItems` are withheld. */
export async function undisclosed(
  db: Tx, changes: readonly Pick<MonitoredChange, 'seq' | 'type' | 'recordId' | 'itemCode'>[], withheldItems: readonly string[],
): Promise<Set<number>> {
  const byItem = changes.filter((c) => c.itemCode !== null && withheldItems.includes(c.itemCode)).map((c) => c.seq);
  const ask = changes.filter((c) => c.recordId && !SAYS_IT_ENDED.has(c.type)).map((c) => c.recordId!);
  if (ask.length === 0) return new Set(byItem);
  const ended = await endedRecords(db, ask);
  return new Set([...byItem, ...changes.filter((c) => c.recordId && !SAYS_IT_ENDED.has(c.type) && ended.has(c.recordId)).map((c) => c.seq)]);
}
