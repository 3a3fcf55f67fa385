/**
 * Objections (异议) of a person against their own records (a PersonPenalty, a JudgmentDebtorCase),
 * by the rules in lib/objections.ts: the record is flagged `underObjection` at once; an operator
 * routes the case to whoever supplied the record (the department, the court) within 1 working day;
 * they decide within 2 working days, extendable once by 3. UPHELD withdraws the record: from then
 * on only the person sees it, marked withdrawn. REJECTED leaves it. Every step is kept.
 */
import { badUserInput, forbidden } from '../../lib/errors.ts';
import {
  decided, extendCase, filing, inState, openCase, raced, routeCase, TEXT_MAX,
  type ObjectionDecision, type ObjectionStore,
} from '../../lib/objections.ts';
import { requireOperator, requiredText } from '../../lib/workflow.ts';
import { transaction } from '../../lib/db/client.ts';
import type { Context } from './context.ts';
import {
  advancePersonObjection, findPersonObjectionById, insertPersonObjection, openPersonObjections, type PersonObjectionRow,
} from './db/objections.ts';
import { findObjectableRecords, markRecord, type ObjectableRecord } from './db/records.ts';
import { appendPersonChangeEvents, isListed, personEvent } from './db/change-log.ts';
import { withdrawalEvents } from './record-changes.ts';

const NOT_SUBJECT = 'Only the person a record is about may object to it.';

/** Who supplied the record, and so decides. */
const supplier = (record: ObjectableRecord): string =>
  record.type === 'PersonPenalty' ? record.row.sourceDepartment : record.row.court;

/**
 * The person's own record with this id, or FORBIDDEN: a record that does not exist and one of
 * another person are refused alike, so the answer reveals nothing.
 */
export async function ownRecord(ctx: Context, recordId: string, personId: string, notSubject = NOT_SUBJECT): Promise<ObjectableRecord> {
  const own = (await findObjectableRecords(ctx.db, recordId)).filter((f) => f.row.personId === personId);
  if (own.length === 0) throw forbidden(notSubject);
  if (own.length > 1) throw badUserInput('RECORD_AMBIGUOUS', `Record id ${recordId} names records of several categories.`);
  return own[0]!;
}

export async function filePersonObjection(ctx: Context, args: { recordId: string; reason: string }): Promise<PersonObjectionRow> {
  const p = ctx.caller.principal;
  if (p.kind !== 'PERSON' || !p.personId) throw forbidden(NOT_SUBJECT);
  const reason = requiredText(args.reason, 'reason', TEXT_MAX);
  const record = await ownRecord(ctx, args.recordId, p.personId);
  if (record.row.status === 'WITHDRAWN') throw badUserInput('RECORD_WITHDRAWN', 'The record has been withdrawn; there is nothing to object to.');
  return openCase(() => transaction(ctx.db, async (tx) => {
    const created = await insertPersonObjection(tx, {
      ...filing(ctx),
      personId: p.personId,
      recordType: record.type,
      recordId: record.row.id,
      reason,
      sourceDepartment: supplier(record),
      openKey: `${record.type}:${record.row.id}`,
    }, { action: 'FILED', at: ctx.now(), actorKind: 'PERSON', actorId: p.personId, note: reason });
    if (created) {
      await markRecord(tx, record.type, record.row.id, { underObjection: true });
      // issue 14: the person's change log, in the same transaction.
      await appendPersonChangeEvents(tx, ctx.db, [personEvent('OBJECTION_FLAGGED', p.personId, record.type, record.row.id, 'OBJECTION')], ctx.now());
    }
    return created;
  }));
}

const store = (ctx: Context): ObjectionStore<PersonObjectionRow> => ({
  find: (id) => findPersonObjectionById(ctx.db, id),
  advance: (id, from, where, data, step) => transaction(ctx.db, (tx) => advancePersonObjection(tx, id, from, where, data, step)),
});

export function routePersonObjection(ctx: Context, args: { id: string; note?: string | null }): Promise<PersonObjectionRow> {
  return routeCase(store(ctx), ctx.caller.principal, args, ctx);
}

export function extendPersonObjection(ctx: Context, args: { id: string; note?: string | null }): Promise<PersonObjectionRow> {
  return extendCase(store(ctx), ctx.caller.principal, args, ctx);
}

/** UPHELD withdraws the record; either way it is no longer under objection. */
export async function decidePersonObjection(
  ctx: Context, args: { id: string; decision: ObjectionDecision; note: string },
): Promise<PersonObjectionRow> {
  const actor = requireOperator(ctx.caller.principal);
  const note = requiredText(args.note, 'note', TEXT_MAX);
  const current = inState(await findPersonObjectionById(ctx.db, args.id), args.id, 'ROUTED');
  const type = current.recordType as ObjectableRecord['type'];
  const row = await transaction(ctx.db, async (tx) => {
    const closed = await advancePersonObjection(tx, args.id, 'ROUTED', {}, decided(args.decision, note, ctx),
      { action: args.decision, at: ctx.now(), ...actor, note });
    if (!closed) return null;
    const listedBefore = type === 'JudgmentDebtorCase' && await isListed(tx, current.personId, ctx.today);
    await markRecord(tx, type, current.recordId, args.decision === 'UPHELD'
      ? { status: 'WITHDRAWN', underObjection: false }
      : { underObjection: false });
    // issue 14: the person's change log, in the same transaction (an upheld objection withdraws the record).
    await appendPersonChangeEvents(tx, ctx.db, [
      personEvent('OBJECTION_DECIDED', current.personId, type, current.recordId, 'OBJECTION', { decision: args.decision }),
      ...args.decision === 'UPHELD'
        ? await withdrawalEvents(tx, current.personId, type, current.recordId, listedBefore, ctx.today, 'OBJECTION')
        : [],
    ], ctx.now());
    return closed;
  });
  if (!row) throw raced(args.id);
  return row;
}

export async function listOpenPersonObjections(ctx: Context): Promise<PersonObjectionRow[]> {
  requireOperator(ctx.caller.principal);
  return openPersonObjections(ctx.db);
}
