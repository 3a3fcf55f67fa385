/**
 * The change-log events of the credit workflows (objections, repair): what each step tells
 * monitoring, cache invalidation and the list feed, appended in the step's own transaction.
 */
import type { ChangeEventInput, ChangeEventType, ChangeSource } from '../../lib/change-log.ts';
import type { ListEntry } from '../../prisma/generated/enterprise/sqlite/client.ts';
import { listEntryEvent } from './db/list-changes.ts';
import type { FoundRecord, RecordType } from './db/records.ts';

/** The archive slot (lib/catalogue/slots.ts) of a record of each type. */
const CATEGORY: Record<Exclude<RecordType, 'ListEntry'>, string> = {
  AdministrativeLicense: 'LICENSES', AdministrativePenalty: 'PENALTIES', Certificate: 'CERTIFICATES', Inspection: 'INSPECTIONS',
  CreditCommitment: 'COMMITMENTS', IndustryEvaluation: 'EVALUATIONS', Honor: 'HONORS', CreditRecord: 'OTHER',
};

export function categoryOf(record: FoundRecord): string {
  return record.type === 'ListEntry' ? (record.row.listType === 'RED' ? 'RED_LIST' : 'BLACK_LIST') : CATEGORY[record.type];
}

/** An event about a record (the record's state after the step for a list entry). */
export function recordEvent(type: ChangeEventType, record: FoundRecord, source: ChangeSource, detail?: unknown): ChangeEventInput {
  return {
    type, subjectKind: 'LEGAL_PERSON', subject: record.row.uscc, category: categoryOf(record), recordType: record.type,
    recordId: record.row.id, itemCode: record.row.catalogItemCode, source, detail,
  };
}

/**
 * What happened to the record itself: a list entry that ended or changed (with its state, for the
 * list feed), else `otherwise` (RECORD_WITHDRAWN, RECORD_REPAIRED, RECORD_UPDATED).
 */
export function recordChange(after: FoundRecord, otherwise: ChangeEventType, source: ChangeSource): ChangeEventInput {
  return after.type === 'ListEntry' ? listEntryEvent(after.row, 'AUTO', source) : recordEvent(otherwise, after, source);
}

/**
 * A list entry's state after a step that left it in force (flagged or unflagged under objection),
 * for the list feed; nothing for other records, whose step event says it all.
 */
export const listEntryTouched = (after: FoundRecord, source: ChangeSource): ChangeEventInput[] =>
  after.type === 'ListEntry' ? [listEntryEvent(after.row, 'AUTO', source)] : [];

/** List entries a step ended (resting on a withdrawn or repaired record). */
export const endedEntries = (entries: readonly ListEntry[], source: ChangeSource): ChangeEventInput[] =>
  entries.map((e) => listEntryEvent(e, 'REMOVED', source));
