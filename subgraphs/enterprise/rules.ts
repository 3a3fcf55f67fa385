/**
 * The enterprise subgraph's rules: who sees which archive record, and who may act in its
 * workflows and feeds. (The checks and errors every workflow shares are in lib/workflow.ts.)
 *
 * Disclosure. A record is public while it is PUBLISHED and within its publicity period (end date
 * today or later, or none). Records past their publicity end, REPAIRED or WITHDRAWN are seen only
 * by the enterprise itself, government institutions and operators; for everybody else they do not
 * exist (the loaders filter them out in SQL, db/records.ts; the list change feed applies
 * `isDisclosed`, list-changes.ts).
 *
 * The catalogue's disclosure attribute (lib/catalogue, issue 13) is the second half of the rule,
 * and applies whatever the status: records of a CONDITIONAL item ("government, or with the
 * subject's authorisation") are seen by government institutions, operators and the enterprise
 * itself; records of a SELF_ONLY item by the enterprise itself and operators. No consent mechanism
 * exists yet, so "with the subject's authorisation" opens nothing: a bank or a partner city does
 * not see a CONDITIONAL record even when the enterprise would agree. Operators see SELF_ONLY
 * records because they run the workflows on them (objections, repair, withdrawal, retention) and
 * answer the enterprise about them; government institutions do not, as "self only" says. The
 * rating counts records of PUBLIC items only (rating.ts), so it is the same for every caller and
 * does not betray a record a caller may not see. A record whose item the catalogue does not name
 * is treated as PUBLIC (the default catalogue names every item the seed and the platform write).
 */
import type { Principal } from '../../lib/caller.ts';
import { forbidden } from '../../lib/errors.ts';
import type { DisclosureStatus } from '../../codegen/enterprise.ts';
import type { Catalogue } from '../../lib/catalogue/index.ts';
import { isEnterprise, isGovernment, isInstitutionOfKind, isOperator, isOperatorOrGovernment } from '../../lib/principals.ts';

/**
 * What the loaders need to know about the caller to build one query per batch. `withheldItems`:
 * the catalogue items whose records the caller does not see (the enterprise's own excepted).
 */
export type Visibility =
  /** Every status (operators and government institutions). */
  | { kind: 'all'; withheldItems: readonly string[] }
  | { kind: 'public'; withheldItems: readonly string[] }
  /** Everything of `uscc` (the enterprise itself), public records of the others. */
  | { kind: 'own'; uscc: string; withheldItems: readonly string[] };

/** The catalogue's items of records kept here that are not PUBLIC, by disclosure attribute. */
export interface RestrictedItems {
  selfOnly: readonly string[];
  /** CONDITIONAL and SELF_ONLY: withheld from the public (a list, for the loaders' SQL). */
  notPublic: readonly string[];
  /** The same as a set: the items whose records the rating leaves out. */
  any: ReadonlySet<string>;
}

const restricted = new WeakMap<Catalogue, RestrictedItems>();

export function restrictedItemsOf(catalogue: Catalogue): RestrictedItems {
  let r = restricted.get(catalogue);
  if (!r) {
    // Natural persons' items are the person subgraph's (none of its records is kept here).
    const codes = (d: string) => catalogue.items.filter((i) => i.disclosure === d && i.subjectKind !== 'NATURAL_PERSON').map((i) => i.code);
    const conditional = codes('CONDITIONAL');
    const selfOnly = codes('SELF_ONLY');
    const notPublic = [...conditional, ...selfOnly];
    r = { selfOnly, notPublic, any: new Set(notPublic) };
    restricted.set(catalogue, r);
  }
  return r;
}

/** The kind of visibility alone (the gateway's cache classes callers by it: gateway/cache/disclosure.ts). */
export function visibilityKindOf(principal: Principal): Visibility['kind'] {
  switch (principal.kind) {
    case 'OPERATOR': return 'all';
    case 'INSTITUTION': return isGovernment(principal) ? 'all' : 'public';
    case 'ENTERPRISE': return 'own';
    default: return 'public';
  }
}

export function visibilityFor(principal: Principal, catalogue: Catalogue): Visibility {
  const r = restrictedItemsOf(catalogue);
  const { notPublic } = r;
  switch (visibilityKindOf(principal)) {
    case 'all': return { kind: 'all', withheldItems: principal.kind === 'OPERATOR' ? [] : r.selfOnly };
    case 'own': return { kind: 'own', uscc: (principal as Extract<Principal, { kind: 'ENTERPRISE' }>).uscc, withheldItems: notPublic };
    case 'public': return { kind: 'public', withheldItems: notPublic };
  }
}

export interface DisclosedRow {
  status: string;
  publicityEndDate: string | null;
}

/** A record as the disclosure rule judges it: its status, its subject and its catalogue item. */
export interface JudgedRow extends DisclosedRow {
  uscc: string;
  catalogItemCode: string;
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
export function isDisclosed(v: Visibility, row: JudgedRow, today: string): boolean {
  const itemShown = !v.withheldItems.includes(row.catalogItemCode);
  switch (v.kind) {
    case 'all': return itemShown;
    case 'own': return row.uscc === v.uscc || (itemShown && disclosureOf(row, today) === 'PUBLISHED');
    case 'public': return itemShown && disclosureOf(row, today) === 'PUBLISHED';
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
