/**
 * The writes that change a person's penalties and judgment-debtor cases outside the objection
 * workflow: a record added, changed (a case ended, a collected record's next version) or withdrawn
 * by whoever supplied it. Each returns its events (db/change-log.ts), to be appended in the
 * transaction that makes the change, judgment-debtor status moves included: collection of
 * natural-person items (collection/, issue 13) writes a whole batch in one transaction through the
 * `…In(tx)` writers; the tests call the one-transaction wrappers. Nothing else writes those tables.
 */
import type { ChangeEventInput, ChangeSource } from '../../lib/change-log.ts';
import { transaction } from '../../lib/db/client.ts';
import { todayCST } from '../../lib/time.ts';
import type { JudgmentDebtorCase, PersonPenalty } from '../../prisma/generated/person/sqlite/client.ts';
import type { Db, Tx } from './db/client.ts';
import { appendPersonChangeEvents, isListed, personEvent, statusEvents } from './db/change-log.ts';
import type { ObjectableType } from './db/records.ts';

/** A penalty as its supplier sends it (severity GENERAL unless it says SERIOUS: the repair class depends on it). */
export type NewPenalty = Omit<PersonPenalty, 'status' | 'underObjection' | 'severity'> & { severity?: string };
export type NewJudgmentDebtorCase = Omit<JudgmentDebtorCase, 'status' | 'underObjection'>;
/** What a collected record's events carry beside the record (its item, department and version). */
export type EventExtra = Pick<ChangeEventInput, 'itemCode' | 'departmentCode' | 'version'>;

export async function addPenaltyIn(tx: Tx, row: NewPenalty, source: ChangeSource, extra: EventExtra = {}): Promise<ChangeEventInput[]> {
  await tx.prisma.personPenalty.create({ data: row });
  return [{ ...personEvent('RECORD_ADDED', row.personId, 'PersonPenalty', row.id, source), ...extra }];
}

export async function addJudgmentDebtorCaseIn(
  tx: Tx, row: NewJudgmentDebtorCase, today: string, source: ChangeSource, extra: EventExtra = {},
): Promise<ChangeEventInput[]> {
  const before = await isListed(tx, row.personId, today);
  await tx.prisma.judgmentDebtorCase.create({ data: row });
  const after = await isListed(tx, row.personId, today);
  return [
    { ...personEvent('RECORD_ADDED', row.personId, 'JudgmentDebtorCase', row.id, source), ...extra },
    ...statusEvents(row.personId, row.id, before, after, source),
  ];
}

/** A penalty's columns changed by its supplier (a collected record's next version). */
export async function updatePenaltyIn(
  tx: Tx, id: string, data: Partial<NewPenalty>, source: ChangeSource, extra: EventExtra = {},
): Promise<ChangeEventInput[]> {
  const row = await tx.prisma.personPenalty.update({ where: { id }, data });
  return [{ ...personEvent('RECORD_UPDATED', row.personId, 'PersonPenalty', id, source), ...extra }];
}

/** A case's columns changed by its court (ended: `removedOn`; or a collected record's next version). */
export async function updateJudgmentDebtorCaseIn(
  tx: Tx, id: string, data: Partial<NewJudgmentDebtorCase>, today: string, source: ChangeSource, extra: EventExtra = {}, detail?: unknown,
): Promise<ChangeEventInput[]> {
  const found = await tx.prisma.judgmentDebtorCase.findUnique({ where: { id } });
  if (!found) throw new Error(`no judgment-debtor case ${id}`);
  const before = await isListed(tx, found.personId, today);
  await tx.prisma.judgmentDebtorCase.update({ where: { id }, data });
  const after = await isListed(tx, found.personId, today);
  return [
    { ...personEvent('RECORD_UPDATED', found.personId, 'JudgmentDebtorCase', id, source, detail), ...extra },
    ...statusEvents(found.personId, id, before, after, source),
  ];
}

/** Its supplier withdraws a record: it stops being disclosed to anyone but the person (as an upheld objection leaves it). */
export async function withdrawRecordIn(
  tx: Tx, type: ObjectableType, id: string, personId: string, today: string, source: ChangeSource, extra: EventExtra = {},
): Promise<ChangeEventInput[]> {
  const before = type === 'JudgmentDebtorCase' && await isListed(tx, personId, today);
  // Only the status: an objection open against the record stays open (the operator closes it).
  if (type === 'PersonPenalty') await tx.prisma.personPenalty.update({ where: { id }, data: { status: 'WITHDRAWN' } });
  else await tx.prisma.judgmentDebtorCase.update({ where: { id }, data: { status: 'WITHDRAWN' } });
  const [withdrawn, ...status] = await withdrawalEvents(tx, personId, type, id, before, today, source);
  return [{ ...withdrawn!, ...extra }, ...status];
}

/** One transaction of `write`'s changes and their events. */
function inOneTransaction(db: Db, now: Date, write: (tx: Tx) => Promise<ChangeEventInput[]>): Promise<void> {
  return transaction(db, async (tx) => appendPersonChangeEvents(tx, db, await write(tx), now));
}

export function addPersonPenalty(db: Db, row: NewPenalty, now: Date, source: ChangeSource = 'COLLECTION'): Promise<void> {
  return inOneTransaction(db, now, (tx) => addPenaltyIn(tx, row, source));
}

export function addJudgmentDebtorCase(db: Db, row: NewJudgmentDebtorCase, now: Date, source: ChangeSource = 'COLLECTION'): Promise<void> {
  return inOneTransaction(db, now, (tx) => addJudgmentDebtorCaseIn(tx, row, todayCST(now), source));
}

/** The court removed the person from the list for this case on `removedOn` (CST date). */
export function endJudgmentDebtorCase(db: Db, id: string, removedOn: string, now: Date, source: ChangeSource = 'COLLECTION'): Promise<void> {
  return inOneTransaction(db, now, (tx) => updateJudgmentDebtorCaseIn(tx, id, { removedOn }, todayCST(now), source, {}, { removedOn }));
}

/**
 * The events of a record's withdrawal (by its supplier, or an objection upheld), to be appended in
 * the withdrawing transaction; `before` is whether the person was listed before it.
 */
export async function withdrawalEvents(
  tx: Parameters<typeof isListed>[0], personId: string, type: ObjectableType, id: string, before: boolean, today: string, source: ChangeSource,
): Promise<ChangeEventInput[]> {
  const events = [personEvent('RECORD_WITHDRAWN', personId, type, id, source)];
  if (type === 'JudgmentDebtorCase') events.push(...statusEvents(personId, id, before, await isListed(tx, personId, today), source));
  return events;
}
