/**
 * The enterprise subgraph's rules: who sees which archive record, and who may act in its
 * workflows and feeds. (The checks and errors every workflow shares are in lib/workflow.ts.)
 *
 * Disclosure. A record is public while it is PUBLISHED and within its publicity period (end date
 * today or later, or none). Records past their publicity end, REPAIRED or WITHDRAWN are seen only
 * by the enterprise itself, government institutions and operators; for everybody else they do not
 * exist (the loaders filter them out in SQL, db/records.ts; the list change feed applies
 * `isDisclosed`, list-changes.ts).
 */
import type { Principal } from '../../lib/caller.ts';
import { forbidden } from '../../lib/errors.ts';
import type { DisclosureStatus } from '../../codegen/enterprise.ts';
import { isEnterprise, isGovernment, isInstitutionOfKind, isOperator, isOperatorOrGovernment } from '../../lib/principals.ts';

/** What the loaders need to know about the caller to build one query per batch. */
export type Visibility =
  | { kind: 'all' }
  | { kind: 'public' }
  /** Everything of `uscc` (the enterprise itself), public records of the others. */
  | { kind: 'own'; uscc: string };

export function visibilityFor(principal: Principal): Visibility {
  switch (principal.kind) {
    case 'OPERATOR': return { kind: 'all' };
    case 'INSTITUTION': return isGovernment(principal) ? { kind: 'all' } : { kind: 'public' };
    case 'ENTERPRISE': return { kind: 'own', uscc: principal.uscc };
    default: return { kind: 'public' };
  }
}

export interface DisclosedRow {
  status: string;
  publicityEndDate: string | null;
}

/** The record's disclosure as shown: stored REPAIRED/WITHDRAWN, or PUBLISHED turned EXPIRED after its end. */
export function disclosureOf(row: DisclosedRow, today: string): DisclosureStatus {
  switch (row.status) {
    case 'PUBLISHED': return row.publicityEndDate !== null && row.publicityEndDate < today ? 'EXPIRED' : 'PUBLISHED';
    case 'REPAIRED':
    case 'WITHDRAWN': return row.status;
    default: throw new Error(`archive record has an unknown status '${row.status}' (expected PUBLISHED, REPAIRED or WITHDRAWN)`);
  }
}

/**
 * Whether a caller of visibility `v` sees the record on `today`: the rule the archive's loaders
 * apply in SQL (db/records.ts), for code that judges rows it has already read.
 */
export function isDisclosed(v: Visibility, row: DisclosedRow & { uscc: string }, today: string): boolean {
  switch (v.kind) {
    case 'all': return true;
    case 'own': return row.uscc === v.uscc || disclosureOf(row, today) === 'PUBLISHED';
    case 'public': return disclosureOf(row, today) === 'PUBLISHED';
  }
}

export interface ListEntryState extends DisclosedRow {
  listedOn: string;
  removedOn: string | null;
}

/**
 * A red/black list entry in force on `today`: PUBLISHED, listed, not removed and within its
 * publicity period. Sanctions, incentives, the rating and partner cities all rest on this one rule
 * (db/sanctions.ts says the same in SQL).
 */
export function isActiveListEntry(e: ListEntryState, today: string): boolean {
  return e.status === 'PUBLISHED' && e.listedOn <= today && (e.removedOn === null || e.removedOn > today) &&
    (e.publicityEndDate === null || e.publicityEndDate >= today);
}

/** The enterprise acting for itself, or FORBIDDEN with `message`. */
export function requireEnterprise(p: Principal, message: string): Extract<Principal, { kind: 'ENTERPRISE' }> {
  if (p.kind !== 'ENTERPRISE') throw forbidden(message);
  return p;
}

/** The enterprise itself, government institutions and operators see an enterprise's cases. */
export function mayReadCasesOf(p: Principal, uscc: string): boolean {
  return isOperatorOrGovernment(p) || isEnterprise(p, uscc);
}

/** An operator or the enterprise itself records the enterprise's credit commitment. */
export const mayRecordCommitmentOf = (p: Principal, uscc: string): boolean => isOperator(p) || isEnterprise(p, uscc);

/** The list change feed is for partner cities, government institutions and operators. */
export const mayFollowListChanges = (p: Principal): boolean => isOperator(p) || isInstitutionOfKind(p, 'PARTNER_CITY', 'GOVERNMENT');

/** Joint sanctions checks are for government institutions and operators. */
export const maySearchSanctions = (p: Principal): boolean => isOperatorOrGovernment(p);

// --- Joint sanctions (issue 16) ---
/**
 * A person may be checked only by a government institution whose statutory scope opens
 * judgment-debtor data (the scope the person subgraph's rules name `person:judgment-debtor`); the
 * person subgraph decides again and logs the access.
 */
export const mayCheckPersons = (p: Principal): boolean => isGovernment(p) && p.scopes.includes('person:judgment-debtor');
/** Only the institution that made a check reports what its business system did with it. */
export const mayReportSanctionOutcome = (p: Principal, checkedBy: string | null): boolean =>
  isGovernment(p) && checkedBy !== null && p.institutionId === checkedBy;
