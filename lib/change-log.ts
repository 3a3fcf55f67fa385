/**
 * The change log's vocabulary: what a ChangeEvent says happened. Each subgraph that owns records
 * appends its events to its own outbox table (the enterprise subgraph: ChangeEvent), in the
 * transaction that makes the change, under a sequence number that is the consumers' cursor:
 * monitoring (watchlists, the changes feed, webhooks), cache invalidation and the partner cities'
 * list feed read the same log, each from its own cursor.
 */
import type { MonitoredEvent } from '../codegen/enums.ts';

export const CHANGE_EVENT_TYPES = {
  SUBJECT_ADDED: 'A subject appeared (its overview, the "1").',
  SUBJECT_UPDATED: "A subject's overview changed.",
  RECORD_ADDED: 'A new archive record (one of the "9" or the "X", lists aside).',
  RECORD_UPDATED: 'An archive record changed: a new version, a correction, or flagged/unflagged under objection.',
  RECORD_WITHDRAWN: 'An archive record was withdrawn (by its department, or an objection upheld): no longer disclosed.',
  RECORD_REPAIRED: 'Credit repair granted: the record is no longer disclosed or shared.',
  LIST_ENTRY_ADDED: 'A red- or black-list entry: the subject is on the list.',
  LIST_ENTRY_UPDATED: 'A list entry changed while in force.',
  LIST_ENTRY_REMOVED: 'A list entry ended: removed, repaired or withdrawn.',
  OBJECTION_FLAGGED: 'An objection was filed: the record is flagged at once.',
  OBJECTION_DECIDED: 'An objection was decided (UPHELD or REJECTED); the record is no longer flagged.',
  REPAIR_GRANTED: 'A credit repair application was approved.',
  COMMITMENT_BROKEN: 'A credit commitment was broken (and became a record of the "X").',
  // Retention (issue 13): the daily run.
  RECORD_EXPIRED: 'An archive record\'s publicity period ended: no longer disclosed to the public.',
  RECORD_DELETED: 'A negative record was deleted, its retention after the publicity end over.',
  // issue 16
  COMMITMENT_FULFILLED: 'A credit commitment was kept: marked FULFILLED (it stays published until its term ends).',
  // issue 14: the grade tracker (subgraphs/enterprise/grades.ts); detail { from, to, score, previousScore }.
  RATING_CHANGED: "An enterprise's government-credit rating grade moved (no record: category and record id are null).",
  // issue 14, persons in monitoring: the person subgraph's change log (subgraphs/person/db/change-log.ts).
  JUDGMENT_DEBTOR_LISTED: 'A person became a listed dishonest judgment debtor (失信被执行人): the case that listed them.',
  JUDGMENT_DEBTOR_REMOVED: 'A person is no longer a listed judgment debtor: the case whose removal or withdrawal ended it.',
  // Exactly the values of the platform schema's MonitoredEvent: the monitoring feed serialises every
  // type of the log as that enum, and watches and webhooks filter by it.
} as const satisfies Record<MonitoredEvent, string>;
export type ChangeEventType = keyof typeof CHANGE_EVENT_TYPES;

/** What made a change. */
export type ChangeSource = 'COLLECTION' | 'OBJECTION' | 'REPAIR' | 'COMMITMENT' | 'SEED' | 'RETENTION' | 'RATING';

/** One event as a writer hands it to the log (the log adds the sequence number). */
export interface ChangeEventInput {
  type: ChangeEventType;
  subjectKind: 'LEGAL_PERSON' | 'NATURAL_PERSON' | 'SOCIAL_ORGANIZATION';
  subject: string;
  /** The archive slot (lib/catalogue/slots.ts), e.g. PENALTIES, BLACK_LIST; for a person, the PersonDataCategory. */
  category: string | null;
  recordType: string | null;
  recordId: string | null;
  itemCode?: string | null;
  departmentCode?: string | null;
  version?: number | null;
  source: ChangeSource;
  /** The record's state after the change where consumers need it (a list entry's, for the list feed). */
  detail?: unknown;
}
