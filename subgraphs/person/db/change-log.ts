/**
 * The person subgraph's change log (outbox, lib/change-log.ts; issue 14): events about persons'
 * records appended in the transaction that changes them, numbered as every subgraph's log is
 * (lib/db/change-log.ts), read by the platform's monitoring through GET /changes
 * (subgraphs/person/changes-route.ts, reading the table through lib/changes-route.ts `changeLogOf`). An event names the person by their id (the Person entity's
 * key), never by the ID number; its category is the person data category (PENALTIES,
 * JUDGMENT_DEBTOR) that a consent must cover for the event to be delivered.
 */
import type { ChangeEventInput, ChangeEventType, ChangeSource } from '../../../lib/change-log.ts';
import { appendToChangeLog } from '../../../lib/db/change-log.ts';
import type { JudgmentDebtorCase } from '../../../prisma/generated/person/sqlite/client.ts';
import type { Db, Tx } from './client.ts';
import type { ObjectableType } from './records.ts';

/** The categories (and their record types) whose changes are logged. */
export const CATEGORY_OF: Record<ObjectableType, 'PENALTIES' | 'JUDGMENT_DEBTOR'> = {
  PersonPenalty: 'PENALTIES',
  JudgmentDebtorCase: 'JUDGMENT_DEBTOR',
};

/** One event about one of a person's records. */
export function personEvent(
  type: ChangeEventType, personId: string, recordType: ObjectableType, recordId: string, source: ChangeSource, detail?: unknown,
): ChangeEventInput {
  return {
    type, subjectKind: 'NATURAL_PERSON', subject: personId, category: CATEGORY_OF[recordType], recordType, recordId,
    source, ...(detail === undefined ? {} : { detail }),
  };
}

export function appendPersonChangeEvents(tx: Tx, db: Db, events: readonly ChangeEventInput[], at: Date): Promise<void> {
  return appendToChangeLog(tx, (args) => tx.prisma.changeEventSequence.upsert(args), events, at, db.reader.provider);
}

/** Does this case list its person on `today` (CST date)? A withdrawn case lists nobody. */
export const listsOn = (c: Pick<JudgmentDebtorCase, 'status' | 'removedOn'>, today: string): boolean =>
  c.status !== 'WITHDRAWN' && (c.removedOn === null || c.removedOn > today);

/** Is the person a listed judgment debtor on `today`, by the cases in the database as `tx` sees it? */
export async function isListed(tx: Tx, personId: string, today: string): Promise<boolean> {
  const cases = await tx.prisma.judgmentDebtorCase.findMany({ where: { personId }, select: { status: true, removedOn: true } });
  return cases.some((c) => listsOn(c, today));
}

/**
 * The status event a change to `caseId` makes, given whether the person was listed before and is
 * after: JUDGMENT_DEBTOR_LISTED / _REMOVED when it moved, nothing when it did not.
 */
export function statusEvents(personId: string, caseId: string, before: boolean, after: boolean, source: ChangeSource): ChangeEventInput[] {
  if (before === after) return [];
  return [personEvent(after ? 'JUDGMENT_DEBTOR_LISTED' : 'JUDGMENT_DEBTOR_REMOVED', personId, 'JudgmentDebtorCase', caseId, source)];
}
