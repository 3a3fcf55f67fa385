/**
 * Who may do what on the platform's own records: operators manage institutions and keys; an
 * institution sees itself (its plan and key list included), nobody else's.
 */
import type { Principal } from '../../lib/caller.ts';
import { forbidden } from '../../lib/errors.ts';

export const isOperator = (p: Principal): boolean => p.kind === 'OPERATOR';

export const seesInstitution = (p: Principal, institutionId: string): boolean =>
  p.kind === 'OPERATOR' || (p.kind === 'INSTITUTION' && p.institutionId === institutionId);

export function requireOperator(p: Principal): void {
  if (!isOperator(p)) throw forbidden('Only platform operators may do this.');
}
