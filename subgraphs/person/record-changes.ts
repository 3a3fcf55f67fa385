/**
 * The writes that change a person's penalties and judgment-debtor cases outside the objection
 * workflow: a record added, a case ended (removed from the list) or a record withdrawn by whoever
 * supplied it. Each logs its events (db/change-log.ts) in the transaction that makes the change,
 * judgment-debtor status moves included: collection of natural-person items (issue 13) and the
 * tests call these; nothing else writes those tables.
 */
import type { ChangeEventInput, ChangeSource } from '../../lib/change-log.ts';
import { transaction } from '../../lib/db/client.ts';
import { todayCST } from '../../lib/time.ts';
import type { JudgmentDebtorCase, PersonPenalty } from '../../prisma/generated/person/sqlite/client.ts';
import type { Db } from './db/client.ts';
import { appendPersonChangeEvents, isListed, personEvent, statusEvents } from './db/change-log.ts';
import type { ObjectableType } from './db/records.ts';

/** A penalty as its supplier sends it (severity GENERAL unless it says SERIOUS: the repair class depends on it). */
export type NewPenalty = Omit<PersonPenalty, 'status' | 'underObjection' | 'severity'> & { severity?: string };
export type NewJudgmentDebtorCase = Omit<JudgmentDebtorCase, 'status' | 'underObjection'>;

export async function addPersonPenalty(db: Db, row: NewPenalty, now: Date, source: ChangeSource = 'COLLECTION'): Promise<void> {
  await transaction(db, async (tx) => {
    await tx.prisma.personPenalty.create({ data: row });
    await appendPersonChangeEvents(tx, db, [personEvent('RECORD_ADDED', row.personId, 'PersonPenalty', row.id, source)], now);
  });
}

export async function addJudgmentDebtorCase(db: Db, row: NewJudgmentDebtorCase, now: Date, source: ChangeSource = 'COLLECTION'): Promise<void> {
  const today = todayCST(now);
  await transaction(db, async (tx) => {
    const before = await isListed(tx, row.personId, today);
    await tx.prisma.judgmentDebtorCase.create({ data: row });
    const after = await isListed(tx, row.personId, today);
    await appendPersonChangeEvents(tx, db, [
      personEvent('RECORD_ADDED', row.personId, 'JudgmentDebtorCase', row.id, source),
      ...statusEvents(row.personId, row.id, before, after, source),
    ], now);
  });
}

/** The court removed the person from the list for this case on `removedOn` (CST date). */
export async function endJudgmentDebtorCase(db: Db, id: string, removedOn: string, now: Date, source: ChangeSource = 'COLLECTION'): Promise<void> {
  const today = todayCST(now);
  await transaction(db, async (tx) => {
    const found = await tx.prisma.judgmentDebtorCase.findUnique({ where: { id } });
    if (!found) throw new Error(`no judgment-debtor case ${id}`);
    const before = await isListed(tx, found.personId, today);
    await tx.prisma.judgmentDebtorCase.update({ where: { id }, data: { removedOn } });
    const after = await isListed(tx, found.personId, today);
    await appendPersonChangeEvents(tx, db, [
      personEvent('RECORD_UPDATED', found.personId, 'JudgmentDebtorCase', id, source, { removedOn }),
      ...statusEvents(found.personId, id, before, after, source),
    ], now);
  });
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
