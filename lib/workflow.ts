/**
 * What the credit workflows of every subgraph share (objections, repair, commitments): the
 * operator who acts, argument checks, and the errors for a missing case or a step its state does
 * not allow.
 */
import type { Principal } from './caller.ts';
import { badUserInput, CreditGraphError, forbidden } from './errors.ts';

/** Who took a step, as the steps tables keep it. */
export interface Actor<Kind extends string = string> {
  actorKind: Kind;
  /** The operator's id, the enterprise's USCC or the person's id. */
  actorId: string;
}

export function requireOperator(p: Principal): Actor<'OPERATOR'> {
  if (p.kind !== 'OPERATOR') throw forbidden('Only a platform operator may do this.');
  return { actorKind: 'OPERATOR', actorId: p.operatorId };
}

/** A required text argument, trimmed: `<NAME>_REQUIRED` when blank, `<NAME>_TOO_LONG` over `max`. */
export function requiredText(value: string, name: string, max: number): string {
  const text = value.trim();
  const reason = name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
  if (text === '') throw badUserInput(`${reason}_REQUIRED`, `${name} must not be blank`);
  if (text.length > max) throw badUserInput(`${reason}_TOO_LONG`, `${name} must be at most ${max} characters; got ${text.length}`);
  return text;
}

export function optionalText(value: string | null | undefined, name: string, max: number): string | null {
  if (value == null || value.trim() === '') return null;
  return requiredText(value, name, max);
}

export const notFound = (what: string, id: string): CreditGraphError =>
  new CreditGraphError('NOT_FOUND', `No ${what} with id ${id}.`);

/** A step the case's current state does not allow (or another operator took first). */
export const invalidState = (message: string, status: string): CreditGraphError =>
  new CreditGraphError('BAD_USER_INPUT', message, { reason: 'INVALID_STATE', status });
