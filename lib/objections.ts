/**
 * Objections (异议), after Shenzhen's practice, as the enterprise and the person subgraph both run
 * them: the record is flagged at once; the platform checks and routes the case to whoever supplied
 * the record within 1 working day; they decide within 2 working days, extendable once by 3. Every
 * step is kept.
 *
 *   FILED ──route──▶ ROUTED ──decide──▶ UPHELD | REJECTED
 *                      └─extend (once, before the deadline)─┘
 *
 * Here are the rules: the states, the deadlines (working days by the official calendar) and the
 * refusals, as the columns each step writes, and the two steps that touch nothing but the case
 * (route, extend) over a subgraph's `ObjectionStore`. Each subgraph keeps its own tables, its
 * records, and what filing and deciding do to them.
 */
import type { Principal } from './caller.ts';
import { isUniqueViolation } from './db/client.ts';
import { badUserInput, type CreditGraphError } from './errors.ts';
import { addWorkingDays, type HolidayCalendar } from './working-days.ts';
import { invalidState, notFound, optionalText, requireOperator } from './workflow.ts';

/** Working days. */
export const CHECK_DAYS = 1;
export const DECISION_DAYS = 2;
export const EXTENSION_DAYS = 3;
/** Longest reason or note, in characters. */
export const TEXT_MAX = 2000;

export type ObjectionDecision = 'UPHELD' | 'REJECTED';

/** The request's moment: its date in China Standard Time, its instant, and the working-day calendar. */
export interface ObjectionClock {
  today: string;
  now(): Date;
  calendar: HolidayCalendar;
}

/** The columns the rules read. */
export interface ObjectionCase {
  status: string;
  extended: boolean;
  decisionDueOn: string | null;
  dueOn: string | null;
}

/** A new objection: FILED, to be routed within CHECK_DAYS. */
export function filing(at: ObjectionClock) {
  const checkDueOn = addWorkingDays(at.calendar, at.today, CHECK_DAYS);
  return { status: 'FILED' as const, filedAt: at.now(), checkDueOn, dueOn: checkDueOn };
}

/** The record already has an open objection. */
export const objectionOpen = (): CreditGraphError =>
  badUserInput('OBJECTION_OPEN', 'An objection against this record is already being handled.');

/** The case `id` when it is in state `expected`; NOT_FOUND or INVALID_STATE otherwise. */
export function inState<R extends ObjectionCase>(row: R | null, id: string, expected: 'FILED' | 'ROUTED'): R {
  if (!row) throw notFound('objection', id);
  if (row.status !== expected) throw invalidState(`The objection is ${row.status}; this step needs ${expected}.`, row.status);
  return row;
}

/** Routed to whoever supplied the record, who decides within DECISION_DAYS. */
export function routing(at: ObjectionClock) {
  const decisionDueOn = addWorkingDays(at.calendar, at.today, DECISION_DAYS);
  return { status: 'ROUTED' as const, routedAt: at.now(), decisionDueOn, dueOn: decisionDueOn };
}

/** The one extension of a ROUTED case's decision deadline, by EXTENSION_DAYS, before it passes. */
export function extension(current: ObjectionCase, at: ObjectionClock) {
  if (current.extended) throw badUserInput('ALREADY_EXTENDED', 'The decision deadline has already been extended once.');
  const due = current.decisionDueOn!;
  if (due < at.today) throw badUserInput('DEADLINE_PASSED', `The decision deadline ${due} has passed; it can no longer be extended.`);
  const decisionDueOn = addWorkingDays(at.calendar, due, EXTENSION_DAYS);
  return { extended: true, decisionDueOn, dueOn: decisionDueOn };
}

/** Decided: closed, no deadline, and the record free for a new objection (`openKey` null). */
export function decided(decision: ObjectionDecision, note: string, at: ObjectionClock) {
  return { status: decision, decision, decidedAt: at.now(), decisionNote: note, dueOn: null, openKey: null };
}

/** A conditional update found the case no longer in the state it was read in. */
export const raced = (id: string): CreditGraphError =>
  invalidState(`The objection ${id} was changed by another request; reload it.`, 'CHANGED');

/** Open and past the deadline of its current step. */
export const isOverdue = (row: { dueOn: string | null }, today: string): boolean => row.dueOn !== null && row.dueOn < today;

/**
 * Runs `insert` (which creates the case and flags its record in one transaction, or answers null
 * when the record has an open case); OBJECTION_OPEN for null and for a concurrent filing that the
 * unique `openKey` refused.
 */
export async function openCase<Row>(insert: () => Promise<Row | null>): Promise<Row> {
  try {
    const row = await insert();
    if (!row) throw objectionOpen();
    return row;
  } catch (err) {
    if (isUniqueViolation(err)) throw objectionOpen();
    throw err;
  }
}

/** A step an operator takes, as the steps tables keep it. */
export interface OperatorStep {
  action: 'ROUTED' | 'EXTENDED';
  at: Date;
  actorKind: 'OPERATOR';
  actorId: string;
  note: string | null;
}

/** A subgraph's objections table, for the steps that change only the case. */
export interface ObjectionStore<Row extends ObjectionCase> {
  find(id: string): Promise<Row | null>;
  /**
   * In one transaction: moves case `id` from status `from` (and `where`) with `data`, appending
   * `step`; null when it is no longer so (another request acted first).
   */
  advance(
    id: string, from: 'FILED' | 'ROUTED', where: { extended?: false },
    data: ReturnType<typeof routing> | ReturnType<typeof extension>, step: OperatorStep,
  ): Promise<Row | null>;
}

/** An operator routes a FILED case. */
export async function routeCase<Row extends ObjectionCase>(
  store: ObjectionStore<Row>, principal: Principal, args: { id: string; note?: string | null }, at: ObjectionClock,
): Promise<Row> {
  const actor = requireOperator(principal);
  const note = optionalText(args.note, 'note', TEXT_MAX);
  inState(await store.find(args.id), args.id, 'FILED');
  const row = await store.advance(args.id, 'FILED', {}, routing(at), { action: 'ROUTED', at: at.now(), ...actor, note });
  if (!row) throw raced(args.id);
  return row;
}

/** An operator extends a ROUTED case's decision deadline, once. */
export async function extendCase<Row extends ObjectionCase>(
  store: ObjectionStore<Row>, principal: Principal, args: { id: string; note?: string | null }, at: ObjectionClock,
): Promise<Row> {
  const actor = requireOperator(principal);
  const note = optionalText(args.note, 'note', TEXT_MAX);
  const current = inState(await store.find(args.id), args.id, 'ROUTED');
  const row = await store.advance(args.id, 'ROUTED', { extended: false }, extension(current, at), { action: 'EXTENDED', at: at.now(), ...actor, note });
  if (!row) throw raced(args.id);
  return row;
}
