/**
 * Who may do what on the platform's own records: operators manage institutions and keys; an
 * institution sees itself (its plan and key list included), nobody else's.
 */
import type { Principal } from '../../lib/caller.ts';
import { forbidden } from '../../lib/errors.ts';
import { isInstitution, isOperator } from '../../lib/principals.ts';

export { isOperator };

export const seesInstitution = (p: Principal, institutionId: string): boolean =>
  isOperator(p) || (isInstitution(p) && p.institutionId === institutionId);

export function requireOperator(p: Principal): void {
  if (!isOperator(p)) throw forbidden('Only platform operators may do this.');
}

/**
 * Whose usage a report covers: an institution its own (`institutionId` omitted or its own id;
 * another id is FORBIDDEN); an operator the institution named, or every institution (null) when
 * none is named; nobody else anything.
 */
export function usageSubject(p: Principal, institutionId: string | null | undefined): string | null {
  if (p.kind === 'OPERATOR') return institutionId ?? null;
  if (p.kind === 'INSTITUTION' && (institutionId == null || institutionId === p.institutionId)) return p.institutionId;
  throw forbidden(p.kind === 'INSTITUTION'
    ? 'An institution sees its own usage only.'
    : 'Usage reports are for operators and the institutions themselves.');
}

/** Monitoring (watchlists, the feed, webhooks) belongs to a data-consumer institution: its id. */
export function monitoringInstitution(p: Principal): string {
  if (p.kind !== 'INSTITUTION') throw forbidden('Watchlists, change feeds and webhooks belong to institutions.');
  return p.institutionId;
}

/**
 * Whose webhook messages a caller may replay: an institution its own; an operator any (null), as
 * the one who clears the dead letters (issue 17).
 */
export function deliveryOwner(p: Principal): string | null {
  return p.kind === 'OPERATOR' ? null : monitoringInstitution(p);
}
