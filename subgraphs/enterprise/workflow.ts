/**
 * Who acts in the enterprise's credit workflows and who reads its cases; the checks and errors
 * every workflow shares are in lib/workflow.ts.
 */
import type { Principal } from '../../lib/caller.ts';
import { forbidden } from '../../lib/errors.ts';

/** The enterprise acting for itself, or FORBIDDEN with `message`. */
export function requireEnterprise(p: Principal, message: string): Extract<Principal, { kind: 'ENTERPRISE' }> {
  if (p.kind !== 'ENTERPRISE') throw forbidden(message);
  return p;
}

/** The enterprise itself, government institutions and operators see an enterprise's cases. */
export function mayReadCasesOf(p: Principal, uscc: string): boolean {
  return p.kind === 'OPERATOR' || (p.kind === 'ENTERPRISE' && p.uscc === uscc) ||
    (p.kind === 'INSTITUTION' && p.institutionKind === 'GOVERNMENT');
}
