/**
 * Objections (异议) of an enterprise against its archive records, by the rules in lib/objections.ts:
 * the record is flagged at once; the platform routes the case to the record's source department
 * within 1 working day; the department decides within 2 working days, extendable once by 3.
 * UPHELD corrects the record (with corrections) or withdraws it (without); REJECTED leaves it.
 * Every step is kept (ObjectionStep).
 */
import { badUserInput, forbidden } from '../../lib/errors.ts';
import {
  decided, extendCase, filing, inState, openCase, raced, routeCase, TEXT_MAX, type ObjectionStore,
} from '../../lib/objections.ts';
import { requireOperator, requiredText } from '../../lib/workflow.ts';
import { transaction } from '../../lib/db/client.ts';
import type { Context } from './context.ts';
import { appendChangeEvents } from './db/change-log.ts';
import { endedEntries, listEntryTouched, recordChange, recordEvent } from './workflow-events.ts';
import { type AppliedCorrection, type CorrectionInput, parseCorrections } from './corrections.ts';
import {
  advanceObjection, findObjectionById, findOverdueObjections, insertObjection, type ObjectionRow,
} from './db/objections.ts';
import {
  endListEntries, findListEntriesRestingOn, findRecord, findRecordsById, updateRecord, type FoundRecord,
} from './db/records.ts';
import { requireEnterprise } from './rules.ts';

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
  const reason = requiredText(args.reason, 'reason', TEXT_MAX);
  const record = await ownRecord(ctx, args.recordId, subject.uscc, NOT_SUBJECT);
  if (record.row.status === 'WITHDRAWN') throw badUserInput('RECORD_WITHDRAWN', 'The record has been withdrawn; there is nothing to object to.');
  return openCase(() => transaction(ctx.db, async (tx) => {
    const created = await insertObjection(tx, {
      ...filing(ctx),
      uscc: subject.uscc,
      recordType: record.type,
      recordId: record.row.id,
      reason,
      sourceDepartment: record.row.sourceDepartment,
      openKey: openKey(record),
    }, { action: 'FILED', at: ctx.now(), actorKind: 'ENTERPRISE', actorId: subject.uscc, note: reason });
    if (created) {
      const flagged = await updateRecord(tx, record.type, record.row.id, { underObjection: true });
      await appendChangeEvents(tx, [
        recordEvent('OBJECTION_FLAGGED', flagged, 'OBJECTION', { objectionId: created.id }), ...listEntryTouched(flagged, 'OBJECTION'),
      ], ctx.now(), ctx.db.reader.provider);
    }
    return created;
  }));
}

const store = (ctx: Context): ObjectionStore<ObjectionRow> => ({
  find: (id) => findObjectionById(ctx.db, id),
  advance: (id, from, where, data, step) => transaction(ctx.db, (tx) => advanceObjection(tx, id, from, where, data, step)),
});

export function routeObjection(ctx: Context, args: { id: string; note?: string | null }): Promise<ObjectionRow> {
  return routeCase(store(ctx), ctx.caller.principal, args, ctx);
}

export function extendObjection(ctx: Context, args: { id: string; note?: string | null }): Promise<ObjectionRow> {
  return extendCase(store(ctx), ctx.caller.principal, args, ctx);
}

export async function decideObjection(
  ctx: Context,
  args: { id: string; decision: 'UPHELD' | 'REJECTED'; note: string; correction?: readonly CorrectionInput[] | null },
): Promise<ObjectionRow> {
  const actor = requireOperator(ctx.caller.principal);
  const note = requiredText(args.note, 'note', TEXT_MAX);
  const current = inState(await findObjectionById(ctx.db, args.id), args.id, 'ROUTED');
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
  const row = await transaction(ctx.db, async (tx) => {
    const closed = await advanceObjection(tx, args.id, 'ROUTED', {}, decided(args.decision, note, ctx),
      { action: args.decision, at: ctx.now(), ...actor, note, detail: applied.length > 0 ? JSON.stringify(applied) : null });
    if (!closed) return null;
    const after = await updateRecord(tx, record.type, record.row.id, recordData);
    const events = [recordEvent('OBJECTION_DECIDED', after, 'OBJECTION', { objectionId: closed.id, decision: args.decision })];
    if (args.decision === 'UPHELD') events.push(recordChange(after, withdrawn ? 'RECORD_WITHDRAWN' : 'RECORD_UPDATED', 'OBJECTION'));
    else events.push(...listEntryTouched(after, 'OBJECTION'));
    if (withdrawn) {
      // A black-list entry that rests on a withdrawn record ends with it.
      const resting = await findListEntriesRestingOn(tx, record.row.id);
      events.push(...endedEntries(await endListEntries(tx, resting.map((e) => e.id), { status: 'WITHDRAWN', removedOn: ctx.today }), 'OBJECTION'));
    }
    await appendChangeEvents(tx, events, ctx.now(), ctx.db.reader.provider);
    return closed;
  });
  if (!row) throw raced(args.id);
  return row;
}

export async function overdueObjections(ctx: Context): Promise<ObjectionRow[]> {
  requireOperator(ctx.caller.principal);
  return findOverdueObjections(ctx.db, ctx.today);
}
