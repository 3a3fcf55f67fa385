/**
 * Who a principal is, asked the same way by every subgraph's rules. The rules themselves (who may
 * see or change what) stay in each subgraph's `rules.ts`; these are only the questions they ask.
 */
import type { InstitutionKind, Principal } from './caller.ts';

export type InstitutionPrincipal = Extract<Principal, { kind: 'INSTITUTION' }>;

export const isOperator = (p: Principal): p is Extract<Principal, { kind: 'OPERATOR' }> => p.kind === 'OPERATOR';

export const isInstitution = (p: Principal): p is InstitutionPrincipal => p.kind === 'INSTITUTION';

/** An institution of one of `kinds`. */
export const isInstitutionOfKind = (p: Principal, ...kinds: InstitutionKind[]): p is InstitutionPrincipal =>
  p.kind === 'INSTITUTION' && kinds.includes(p.institutionKind);

/** A government institution (a department that supplies and supervises records). */
export const isGovernment = (p: Principal): p is InstitutionPrincipal => isInstitutionOfKind(p, 'GOVERNMENT');

/** The platform's operators and government institutions: those who see the whole archive. */
export const isOperatorOrGovernment = (p: Principal): boolean => isOperator(p) || isGovernment(p);

/** The enterprise `uscc` itself. */
export const isEnterprise = (p: Principal, uscc: string): boolean => p.kind === 'ENTERPRISE' && p.uscc === uscc;
