/**
 * Credit repair (信用修复). A subject may apply to repair its own administrative penalty or
 * black-list entry after the minimum publicity period, with a public commitment and evidence of
 * correction; an operator decides within 3 working days (+3 once). Approved: the record becomes
 * REPAIRED (no longer disclosed or shared: disclosure.ts hides it from the public), black-list
 * entries resting on it end, so sanctions based on it stop, and the commitment enters the archive.
 *
 * Minimum publicity before repair (SAMR Order 45 (2021), Shenzhen practice, NDRC 2019 notice 527):
 * - MINOR / GENERAL penalty: 3 months after the decision; 1 year in the WORK_SAFETY, FIRE_SAFETY
 *   and SPECIAL_EQUIPMENT domains;
 * - SERIOUS penalty: cannot end early, so not before its publicity end has passed;
 * - black-list entry (serious dishonesty): 6 months after listing.
 */
import { randomUUID } from 'node:crypto';
import { addDays, addMonths, todayCST } from '../../lib/time.ts';
import { isUniqueViolation } from '../../lib/db/client.ts';
import { badUserInput, CreditGraphError } from '../../lib/errors.ts';
import { invalidState, notFound, requireOperator, requiredText } from '../../lib/workflow.ts';
import { addWorkingDays } from '../../lib/working-days.ts';
import { transaction } from '../../lib/db/client.ts';
import { platformItemCode } from './catalogue.ts';
import type { Context } from './context.ts';
import { insertCommitment } from './db/commitments.ts';
import { endListEntries, findListEntriesRestingOn, findRecord, updateRecord, type FoundRecord } from './db/records.ts';
import { appendChangeEvents } from './db/change-log.ts';
import { endedEntries, recordChange, recordEvent } from './workflow-events.ts';
import {
  findPendingRepairs, findRepairById, insertRepair, updatePendingRepair, type RepairApplicationRow,
} from './db/repairs.ts';
import { ownRecord } from './objections.ts';
import { requireEnterprise } from './rules.ts';

export const DECISION_DAYS = 3;
export const EXTENSION_DAYS = 3;
export const MAX_EVIDENCE = 20;

const ONE_YEAR_DOMAINS = new Set(['WORK_SAFETY', 'FIRE_SAFETY', 'SPECIAL_EQUIPMENT']);

export type RepairCheck =
  | { ok: true }
  | { ok: false; reason: 'NOT_REPAIRABLE' | 'ALREADY_REPAIRED' | 'RECORD_UNDATED'; message: string }
  | { ok: false; reason: 'REPAIR_TOO_EARLY' | 'REPAIR_NOT_ALLOWED'; message: string; earliestDate: string | null };

/** Whether `record` may be repaired on `today`, and if not why (pure). */
export function repairCheck(record: FoundRecord, today: string): RepairCheck {
  if (record.type !== 'AdministrativePenalty' && !(record.type === 'ListEntry' && record.row.listType === 'BLACK')) {
    return { ok: false, reason: 'NOT_REPAIRABLE', message: 'Only administrative penalties and black-list entries can be repaired.' };
  }
  if (record.row.status === 'REPAIRED') return { ok: false, reason: 'ALREADY_REPAIRED', message: 'The record has already been repaired.' };
  if (record.row.status !== 'PUBLISHED') return { ok: false, reason: 'NOT_REPAIRABLE', message: `The record is ${record.row.status}.` };
  if (record.type === 'ListEntry') {
    if (record.row.removedOn !== null && record.row.removedOn <= today) {
      return { ok: false, reason: 'NOT_REPAIRABLE', message: `The entry was removed from the list on ${record.row.removedOn}.` };
    }
    const earliestDate = addMonths(record.row.listedOn, 6);
    return today >= earliestDate ? { ok: true } : {
      ok: false, reason: 'REPAIR_TOO_EARLY', earliestDate,
      message: `A black-list entry stays listed at least 6 months: repair can be applied for from ${earliestDate}.`,
    };
  }
  const p = record.row;
  if (p.severity === 'SERIOUS') {
    if (p.publicityEndDate === null) {
      return { ok: false, reason: 'REPAIR_NOT_ALLOWED', earliestDate: null, message: 'A serious penalty cannot end early, and this one has no publicity end.' };
    }
    const earliestDate = addDays(p.publicityEndDate, 1);
    return today >= earliestDate ? { ok: true } : {
      ok: false, reason: 'REPAIR_NOT_ALLOWED', earliestDate,
      message: `A serious penalty cannot end early: repair can be applied for once its publicity has ended, from ${earliestDate}.`,
    };
  }
  const decided = p.decisionDate ?? p.validFrom;
  if (decided === null) return { ok: false, reason: 'RECORD_UNDATED', message: 'The penalty has no decision date to count its publicity from.' };
  const oneYear = ONE_YEAR_DOMAINS.has(p.domain);
  const earliestDate = addMonths(decided, oneYear ? 12 : 3);
  return today >= earliestDate ? { ok: true } : {
    ok: false, reason: 'REPAIR_TOO_EARLY', earliestDate,
    message: `The minimum publicity of this penalty is ${oneYear ? '1 year' : '3 months'}: repair can be applied for from ${earliestDate}.`,
  };
}

const NOT_SUBJECT = 'Only the subject of a record may apply to repair it.';

export async function applyForRepair(
  ctx: Context, args: { recordId: string; commitment: string; evidence: readonly string[] },
): Promise<RepairApplicationRow> {
  const subject = requireEnterprise(ctx.caller.principal, NOT_SUBJECT);
  const commitment = requiredText(args.commitment, 'commitment', 2000);
  const evidence = args.evidence.map((e) => e.trim()).filter((e) => e !== '');
  if (evidence.length === 0) throw badUserInput('EVIDENCE_REQUIRED', 'Name at least one piece of evidence of the correction.');
  if (evidence.length > MAX_EVIDENCE || evidence.some((e) => e.length > 500)) {
    throw badUserInput('EVIDENCE_INVALID', `At most ${MAX_EVIDENCE} pieces of evidence of at most 500 characters each.`);
  }
  const record = await ownRecord(ctx, args.recordId, subject.uscc, NOT_SUBJECT);
  const check = repairCheck(record, ctx.today);
  if (!check.ok) {
    throw new CreditGraphError('BAD_USER_INPUT', check.message,
      'earliestDate' in check ? { reason: check.reason, earliestDate: check.earliestDate } : { reason: check.reason });
  }
  const pending = () => badUserInput('REPAIR_PENDING', 'An application to repair this record is already pending.');
  try {
    const row = await insertRepair(ctx.db, {
      uscc: subject.uscc,
      recordType: record.type,
      recordId: record.row.id,
      commitment,
      evidence: JSON.stringify(evidence),
      status: 'PENDING',
      appliedAt: ctx.now(),
      dueOn: addWorkingDays(ctx.calendar, ctx.today, DECISION_DAYS),
      pendingKey: `${record.type}:${record.row.id}`,
    });
    if (!row) throw pending();
    return row;
  } catch (err) {
    if (isUniqueViolation(err)) throw pending();
    throw err;
  }
}

async function pendingCase(ctx: Context, id: string): Promise<RepairApplicationRow> {
  const row = await findRepairById(ctx.db, id);
  if (!row) throw notFound('repair application', id);
  if (row.status !== 'PENDING') throw invalidState(`The application is ${row.status}; this step needs PENDING.`, row.status);
  return row;
}

const raced = (id: string) => invalidState(`The application ${id} was changed by another request; reload it.`, 'CHANGED');

export async function extendRepair(ctx: Context, args: { id: string }): Promise<RepairApplicationRow> {
  requireOperator(ctx.caller.principal);
  const current = await pendingCase(ctx, args.id);
  if (current.extended) throw badUserInput('ALREADY_EXTENDED', 'The decision deadline has already been extended once.');
  if (current.dueOn < ctx.today) throw badUserInput('DEADLINE_PASSED', `The decision deadline ${current.dueOn} has passed; it can no longer be extended.`);
  const row = await updatePendingRepair(ctx.db, args.id, { extended: false }, {
    extended: true,
    dueOn: addWorkingDays(ctx.calendar, current.dueOn, EXTENSION_DAYS),
  });
  if (!row) throw raced(args.id);
  return row;
}

export async function decideRepair(ctx: Context, args: { id: string; approve: boolean; note: string }): Promise<RepairApplicationRow> {
  const actor = requireOperator(ctx.caller.principal);
  const note = requiredText(args.note, 'note', 2000);
  const current = await pendingCase(ctx, args.id);
  const record = await findRecord(ctx.db, current.recordType as FoundRecord['type'], current.recordId);
  if (!record) throw new Error(`repair application ${current.id} names a record that no longer exists (${current.recordType} ${current.recordId})`);
  if (args.approve && record.row.status !== 'PUBLISHED') {
    throw invalidState(`The record is now ${record.row.status}; the application can only be rejected.`, record.row.status);
  }
  const row = await transaction(ctx.db, async (tx) => {
    const decided = await updatePendingRepair(tx, args.id, {}, {
      status: args.approve ? 'APPROVED' : 'REJECTED', decidedAt: ctx.now(), decidedBy: actor.actorId, decisionNote: note, pendingKey: null,
    });
    if (!decided || !args.approve) return decided;
    const ends = record.type === 'ListEntry' && record.row.removedOn === null ? { removedOn: ctx.today } : {};
    const after = await updateRecord(tx, record.type, record.row.id, { status: 'REPAIRED', ...ends }, ctx.now());
    const resting = await findListEntriesRestingOn(tx, record.row.id);
    const ended = await endListEntries(tx, resting.map((e) => e.id), { status: 'REPAIRED', removedOn: ctx.today }, ctx.now());
    await appendChangeEvents(tx, [
      recordEvent('REPAIR_GRANTED', after, 'REPAIR', { repairId: decided.id }), recordChange(after, 'RECORD_REPAIRED', 'REPAIR'),
      ...endedEntries(ended, 'REPAIR'),
    ], ctx.now(), ctx.db.reader.provider);
    // The public commitment made with the application enters the archive.
    await insertCommitment(tx, {
      id: randomUUID(),
      uscc: current.uscc,
      catalogItemCode: platformItemCode('CN'),
      sourceDepartment: record.row.sourceDepartment,
      documentNumber: null,
      decisionDate: ctx.today,
      validFrom: ctx.today,
      validTo: null,
      publicityEndDate: null,
      status: 'PUBLISHED',
      underObjection: false,
      commitmentType: '信用修复承诺',
      content: current.commitment,
      committedOn: todayCST(current.appliedAt),
      commitmentStatus: 'IN_FORCE',
    });
    return decided;
  });
  if (!row) throw raced(args.id);
  return row;
}

export async function pendingRepairs(ctx: Context): Promise<RepairApplicationRow[]> {
  requireOperator(ctx.caller.principal);
  return findPendingRepairs(ctx.db);
}
