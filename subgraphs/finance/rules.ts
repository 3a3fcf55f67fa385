/**
 * Who may see an enterprise's credit-easy loans (commercial information): financial and
 * government institutions whose agreement grants `loans:read`, platform operators, and the
 * enterprise itself for its own loans. Everybody else: FORBIDDEN.
 */
import type { Principal } from '../../lib/caller.ts';
import { isInstitutionOfKind } from '../../lib/principals.ts';

export const LOANS_SCOPE = 'loans:read';

export function seesLoansOf(principal: Principal, uscc: string): boolean {
  switch (principal.kind) {
    case 'OPERATOR':
      return true;
    case 'INSTITUTION':
      return isInstitutionOfKind(principal, 'FINANCIAL', 'GOVERNMENT') && principal.scopes.includes(LOANS_SCOPE);
    case 'ENTERPRISE':
      return principal.uscc === uscc;
    default:
      return false;
  }
}
