/**
 * Objections (异议), after Shenzhen's practice: the record is flagged at once; the platform checks
 * and routes the case to the record's source department within 1 working day; the department
 * decides within 2 working days, extendable once by 3. UPHELD corrects the record (with
 * corrections) or withdraws it (without); REJECTED leaves it. Every step is kept (ObjectionStep).
 *
 *   FILED ──route──▶ ROUTED ──decide──▶ UPHELD | REJECTED
 *                      └─extend (once, before the deadline)─┘
 */
import { badUserInput, forbidden } from '../../lib/errors.ts';
import type { Context } from './context.ts';
import { type AppliedCorrection, type CorrectionInput, parseCorrections } from './corrections.ts';
import { isUniqueViolation } from './db/client.ts';
import {
  advanceObjection, findObjectionById, findOverdueObjections, insertObjection, type ObjectionRow,
} from './db/objections.ts';
import {
  endListEntries, findListEntriesRestingOn, findRecord, findRecordsById, updateRecord, type FoundRecord,
} from './db/records.ts';
import { addWorkingDays } from './working-days.ts';
import { invalidState, notFound, optionalText, requireEnterprise, requireOperator, requiredText } from './workflow.ts';

/** Working days. */
export const CHECK_DAYS = 1;
export const DECISION_DAYS = 2;
export const EXTENSION_DAYS = 3;

const NOT_SUBJECT = 'Only the subject of a record may object to it.';

const openKey = (f: { type: string; row: { id: string } }) => `${f.type}:${f.row.id}`;

/**
 * The subject's own record with this id, or FORBIDDEN: a record that does not exist and one of
 * another subject are refused alike, so the answer reveals nothing.
 */
export async function ownRecord(ctx: Context, recordId: string, uscc: string, message: string): Promise<FoundRecord> {
  const own = (await findRecordsById(ctx.db, recordId)).filter((f) => f.row.uscc === uscc);
  if (own.length === 0) throw forbidden(message);
  if (own.length > 1) throw badUserInput('RECORD_AMBIGUOUS', `Record id ${recordId} names records of several categories.`);
  return own[0]!;
}

export async function fileObjection(ctx: Context, args: { recordId: string; reason: string }): Promise<ObjectionRow> {
  const subject = requireEnterprise(ctx.caller.principal, NOT_SUBJECT);
  const reason = requiredText(args.reason, 'reason', 2000);
  const record = await ownRecord(ctx, args.recordId, subject.uscc, NOT_SUBJECT);
  if (record.row.status === 'WITHDRAWN') throw badUserInput('RECORD_WITHDRAWN', 'The record has been withdrawn; there is nothing to object to.');
  const checkDueOn = addWorkingDays(ctx.calendar, ctx.today, CHECK_DAYS);
  const opened = () => badUserInput('OBJECTION_OPEN', 'An objection against this record is already being handled.');
  try {
    const row = await ctx.db.$transaction(async (tx) => {
      const created = await insertObjection(tx, {
        uscc: subject.uscc,
        recordType: record.type,
        recordId: record.row.id,
        reason,
        status: 'FILED',
        sourceDepartment: record.row.sourceDepartment,
        filedAt: ctx.now,
        checkDueOn,
        dueOn: checkDueOn,
        openKey: openKey(record),
      }, { action: 'FILED', at: ctx.now, actorKind: 'ENTERPRISE', actorId: subject.uscc, note: reason });
      if (created) await updateRecord(tx, record.type, record.row.id, { underObjection: true }, ctx.now);
      return created;
    });
    if (!row) throw opened();
    return row;
  } catch (err) {
    if (isUniqueViolation(err)) throw opened();
    throw err;
  }
}

async function openCase(ctx: Context, id: string, expected: 'FILED' | 'ROUTED'): Promise<ObjectionRow> {
  const row = await findObjectionById(ctx.db, id);
  if (!row) throw notFound('objection', id);
  if (row.status !== expected) throw invalidState(`The objection is ${row.status}; this step needs ${expected}.`, row.status);
  return row;
}

const raced = (id: string) => invalidState(`The objection ${id} was changed by another request; reload it.`, 'CHANGED');

export async function routeObjection(ctx: Context, args: { id: string; note?: string | null }): Promise<ObjectionRow> {
  const actor = requireOperator(ctx.caller.principal);
  const note = optionalText(args.note, 'note', 2000);
  await openCase(ctx, args.id, 'FILED');
  const decisionDueOn = addWorkingDays(ctx.calendar, ctx.today, DECISION_DAYS);
  const row = await ctx.db.$transaction((tx) => advanceObjection(tx, args.id, 'FILED', {},
    { status: 'ROUTED', routedAt: ctx.now, decisionDueOn, dueOn: decisionDueOn },
    { action: 'ROUTED', at: ctx.now, ...actor, note }));
  if (!row) throw raced(args.id);
  return row;
}

export async function extendObjection(ctx: Context, args: { id: string; note?: string | null }): Promise<ObjectionRow> {
  const actor = requireOperator(ctx.caller.principal);
  const note = optionalText(args.note, 'note', 2000);
  const current = await openCase(ctx, args.id, 'ROUTED');
  if (current.extended) throw badUserInput('ALREADY_EXTENDED', 'The decision deadline has already been extended once.');
  const due = current.decisionDueOn!;
  if (due < ctx.today) throw badUserInput('DEADLINE_PASSED', `The decision deadline ${due} has passed; it can no longer be extended.`);
  const decisionDueOn = addWorkingDays(ctx.calendar, due, EXTENSION_DAYS);
  const row = await ctx.db.$transaction((tx) => advanceObjection(tx, args.id, 'ROUTED', { extended: false },
    { extended: true, decisionDueOn, dueOn: decisionDueOn },
    { action: 'EXTENDED', at: ctx.now, ...actor, note }));
  if (!row) throw raced(args.id);
  return row;
}

export async function decideObjection(
  ctx: Context,
  args: { id: string; decision: 'UPHELD' | 'REJECTED'; note: string; correction?: readonly CorrectionInput[] | null },
): Promise<ObjectionRow> {
  const actor = requireOperator(ctx.caller.principal);
  const note = requiredText(args.note, 'note', 2000);
  const current = await openCase(ctx, args.id, 'ROUTED');
  const corrections = args.correction ?? [];
  if (args.decision === 'REJECTED' && corrections.length > 0) {
    throw badUserInput('CORRECTION_NOT_ALLOWED', 'A rejected objection leaves the record as it is: no corrections.');
  }
  const record = await findRecord(ctx.db, current.recordType as FoundRecord['type'], current.recordId);
  if (!record) throw new Error(`objection ${current.id} names a record that no longer exists (${current.recordType} ${current.recordId})`);
  let applied: AppliedCorrection[] = [];
  let recordData: Record<string, unknown> = { underObjection: false };
  if (args.decision === 'UPHELD') {
    if (corrections.length > 0) {
      const parsed = parseCorrections(record.type, record.row, corrections);
      applied = parsed.applied;
      recordData = { ...parsed.data, underObjection: false };
    } else {
      recordData = { status: 'WITHDRAWN', underObjection: false, ...(record.type === 'ListEntry' && record.row.removedOn === null ? { removedOn: ctx.today } : {}) };
    }
  }
  const withdrawn = recordData.status === 'WITHDRAWN';
  const row = await ctx.db.$transaction(async (tx) => {
    const decided = await advanceObjection(tx, args.id, 'ROUTED', {},
      { status: args.decision, decision: args.decision, decidedAt: ctx.now, decisionNote: note, dueOn: null, openKey: null },
      { action: args.decision, at: ctx.now, ...actor, note, detail: applied.length > 0 ? JSON.stringify(applied) : null });
    if (!decided) return null;
    await updateRecord(tx, record.type, record.row.id, recordData, ctx.now);
    if (withdrawn) {
      // A black-list entry that rests on a withdrawn record ends with it.
      const resting = await findListEntriesRestingOn(tx, record.row.id);
      await endListEntries(tx, resting.map((e) => e.id), { status: 'WITHDRAWN', removedOn: ctx.today }, ctx.now);
    }
    return decided;
  });
  if (!row) throw raced(args.id);
  return row;
}

export async function overdueObjections(ctx: Context): Promise<ObjectionRow[]> {
  requireOperator(ctx.caller.principal);
  return findOverdueObjections(ctx.db, ctx.today);
}
