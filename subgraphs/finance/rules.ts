/**
 * Who may see an enterprise's credit-easy loans (commercial information): financial and
 * government institutions whose agreement grants `loans:read`, platform operators, and the
 * enterprise itself for its own loans. Everybody else: FORBIDDEN.
 */
import type { Principal } from '../../lib/caller.ts';
import { forbidden } from '../../lib/errors.ts';
import { isInstitutionOfKind, isOperator } from '../../lib/principals.ts';

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

// ---- The credit-easy loan loop (issue 14) ------------------------------------------------------

/**
 * Who may report loans: a FINANCIAL institution, for the lender (FinancialPartner) registered to
 * it; its reports and statistics are confined to that lender's loans. The institution id to look
 * the lender up by, or FORBIDDEN.
 */
export function reportingInstitution(principal: Principal): string {
  if (isInstitutionOfKind(principal, 'FINANCIAL')) return principal.institutionId;
  throw forbidden('Only financial institutions report credit-easy loans.');
}

/**
 * Whose loans the statistics cover: every lender's for an operator (`'ALL'`), else the reporting
 * institution's own (its id, FORBIDDEN for anyone else).
 */
export function statisticsScope(principal: Principal): 'ALL' | { institutionId: string } {
  if (isOperator(principal)) return 'ALL';
  return { institutionId: reportingInstitution(principal) };
}

/** A FINANCIAL institution with no lender registered to it reports nothing. */
export const notALender = () => forbidden('This institution is not registered as a lender of credit-easy loans.');

/** Why a loan was rejected or how it went is the lender's note: its own lender and operators only. */
export function seesLoanReason(principal: Principal, lenderInstitutionId: string | null): boolean {
  if (isOperator(principal)) return true;
  return principal.kind === 'INSTITUTION' && lenderInstitutionId !== null && principal.institutionId === lenderInstitutionId;
}
