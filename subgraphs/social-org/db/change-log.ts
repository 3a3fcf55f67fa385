/**
 * The social-org subgraph's change log (outbox, lib/change-log.ts; issue 13: "every accepted change
 * is written to a durable change log in the owning subgraph's database"): events about social
 * organisations' records appended in the transaction that changes them, numbered as every
 * subgraph's log is (lib/db/change-log.ts), read by the platform's monitoring through GET /changes
 * (lib/changes-route.ts). An event names the organisation by its USCC, as a watchlist does.
 */
import type { ChangeEventInput, ChangeEventType, ChangeSource } from '../../../lib/change-log.ts';
import { appendToChangeLog } from '../../../lib/db/change-log.ts';
import type { Db, Tx } from './client.ts';

/** What a collected record's events carry beside the record (its item, department and version). */
export type EventExtra = Pick<ChangeEventInput, 'itemCode' | 'departmentCode' | 'version'>;

/** One event about one of an organisation's records; `category` is its archive slot (lib/catalogue/slots.ts). */
export function orgEvent(
  type: ChangeEventType, uscc: string, category: string, recordType: string, recordId: string, source: ChangeSource, extra: EventExtra = {},
): ChangeEventInput {
  return { type, subjectKind: 'SOCIAL_ORGANIZATION', subject: uscc, category, recordType, recordId, source, ...extra };
}

export function appendOrgChangeEvents(tx: Tx, db: Db, events: readonly ChangeEventInput[], at: Date): Promise<void> {
  return appendToChangeLog(tx, (args) => tx.prisma.changeEventSequence.upsert(args), events, at, db.reader.provider);
}
