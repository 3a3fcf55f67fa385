/**
 * The person subgraph's rules: who may see which of a person's data, as pure functions of the
 * caller and the person's consents, and the two steps before a resolver may return it (the grant,
 * then the disclosure durably logged).
 *
 * A caller holds a *grant* for a category of one person's data on exactly one basis:
 * - SELF: a PERSON principal whose personId is that person: every category, and the only caller
 *   who sees the whole ID number, the access log and the consents;
 * - CONSENT: an INSTITUTION holding a consent of that person that is valid now (not revoked,
 *   expiresAt > now), made out to that institution, for the purpose the caller states: the
 *   categories the consent names;
 * - STATUTORY_SCOPE: a GOVERNMENT institution, for the categories its scopes name
 *   (`person:<category-kebab>`, e.g. `person:penalties`, `person:judgment-debtor`); any person scope
 *   also opens IDENTITY (the full name; never the whole ID number).
 * A consent is preferred over a statutory scope for the same category: it is the stronger proof,
 * and the access log records the consent used. Everybody else (anonymous, other persons,
 * enterprises, operators, institutions without consent) holds no grant at all.
 *
 * One more basis is never a standing right, only a record in the access log: INTEGRITY_CODE, a
 * partner city that verified an integrity code the person presented (same-city treatment) and so
 * learnt their integrity grade. So is REPAIR_CASE: the department a person's repair application is
 * routed to, or an operator overseeing it, was shown the application and the penalty it names
 * (repair.ts).
 */
import type { Caller, Principal } from '../../lib/caller.ts';
import { forbidden } from '../../lib/errors.ts';
import { isGovernment, isInstitution } from '../../lib/principals.ts';
import type { ConsentPurpose, PersonDataCategory } from '../../codegen/person.ts';
import { ConsentPurposeValues, PersonDataCategoryValues } from '../../codegen/enums.ts';
import type { Context } from './context.ts';
import type { ConsentRow } from './db/consents.ts';

// The schema's lists (schema/person.graphql), generated into codegen/enums.ts: one source.
export const CATEGORIES: readonly PersonDataCategory[] = PersonDataCategoryValues;
export const PURPOSES: readonly ConsentPurpose[] = ConsentPurposeValues;

export type Basis = 'SELF' | 'CONSENT' | 'STATUTORY_SCOPE' | 'INTEGRITY_CODE' | 'REPAIR_CASE';

export interface Grant {
  basis: Basis;
  /** The consent the grant rests on (basis CONSENT). */
  consentId: string | null;
}

/** What one caller may see of one person. */
export interface Rights {
  personId: string;
  self: boolean;
  grants: ReadonlyMap<PersonDataCategory, Grant>;
}

export const isCategory = (s: string): s is PersonDataCategory => (CATEGORIES as readonly string[]).includes(s);
export const isPurpose = (s: unknown): s is ConsentPurpose => typeof s === 'string' && (PURPOSES as readonly string[]).includes(s);

/** `JUDGMENT_DEBTOR` → `person:judgment-debtor`. */
export const scopeOf = (category: PersonDataCategory): string => `person:${category.toLowerCase().replace(/_/g, '-')}`;

/** Categories a government institution's statutory scopes open; empty for anyone else. */
export function statutoryCategories(principal: Principal): Set<PersonDataCategory> {
  const out = new Set<PersonDataCategory>();
  if (!isGovernment(principal)) return out;
  for (const category of CATEGORIES) if (principal.scopes.includes(scopeOf(category))) out.add(category);
  if (out.size > 0) out.add('IDENTITY');
  return out;
}

/** True for a government institution whose scopes open any category of persons' data. */
export const hasStatutoryScope = (principal: Principal): boolean => statutoryCategories(principal).size > 0;

/** True when an institution (any kind) must look up consents to know its rights. */
export const needsConsents = isInstitution;

/** Comma-separated categories as stored, unknown values dropped. */
export const parseCategories = (stored: string): PersonDataCategory[] =>
  stored.split(',').map((s) => s.trim()).filter(isCategory);

/** A consent is valid now: not revoked and not yet expired. */
export const isActive = (consent: Pick<ConsentRow, 'revokedAt' | 'expiresAt'>, now: Date): boolean =>
  consent.revokedAt === null && consent.expiresAt.getTime() > now.getTime();

/** The consent rows (already those of this person) that open data to this caller right now. */
export function usableConsents(caller: Caller, consents: readonly ConsentRow[], now: Date): ConsentRow[] {
  const p = caller.principal;
  if (p.kind !== 'INSTITUTION' || !isPurpose(caller.purpose)) return [];
  return consents.filter((c) => c.institutionId === p.institutionId && c.purpose === caller.purpose && isActive(c, now));
}

/**
 * Everything `caller` may see of the person `personId`, given that person's consents made out to
 * the caller's institution (ignored for any other caller).
 */
export function rightsOf(caller: Caller, personId: string, consents: readonly ConsentRow[], now: Date): Rights {
  const p = caller.principal;
  const grants = new Map<PersonDataCategory, Grant>();
  if (p.kind === 'PERSON' && p.personId === personId) {
    for (const category of CATEGORIES) grants.set(category, { basis: 'SELF', consentId: null });
    return { personId, self: true, grants };
  }
  // Newest grant first, so the access log names the consent the person gave last.
  const usable = usableConsents(caller, consents, now).sort((a, b) => b.grantedAt.getTime() - a.grantedAt.getTime() || (a.id < b.id ? -1 : 1));
  for (const consent of usable) {
    for (const category of parseCategories(consent.categories)) {
      if (!grants.has(category)) grants.set(category, { basis: 'CONSENT', consentId: consent.id });
    }
  }
  for (const category of statutoryCategories(p)) {
    if (!grants.has(category)) grants.set(category, { basis: 'STATUTORY_SCOPE', consentId: null });
  }
  return { personId, self: false, grants };
}

/**
 * May the caller look a person up by ID number (`Query.person`)? The person themself, an
 * institution with a usable consent, or a government institution with a person scope.
 */
export function mayLookUp(caller: Caller, rights: Rights | null): boolean {
  if (hasStatutoryScope(caller.principal)) return true;
  if (!rights) return false;
  return rights.self || [...rights.grants.values()].some((g) => g.basis === 'CONSENT');
}

// The two steps before a resolver may return a person's data: find the caller's grant for that
// category (else FORBIDDEN), then have the disclosure durably logged (else the field errors and
// the data stays here).

/** The grant, or null when the caller holds none for this category of this person. */
export async function grantFor(ctx: Context, personId: string, category: PersonDataCategory): Promise<Grant | null> {
  const rights = await ctx.loaders.rightsByPerson.load(personId);
  return rights.grants.get(category) ?? null;
}

/** Throws FORBIDDEN unless the caller is this person. */
export async function requireSelf(ctx: Context, personId: string): Promise<void> {
  const rights = await ctx.loaders.rightsByPerson.load(personId);
  if (!rights.self) throw forbidden('Only the person themself may see this.');
}

/** Resolves once the disclosure is in the access log; rejects (data withheld) if it could not be written. */
export async function logDisclosure(ctx: Context, personId: string, category: PersonDataCategory, grant: Grant): Promise<void> {
  try {
    await ctx.loaders.disclosureByPersonCategory.load({ personId, category, grant });
  } catch (err) {
    // Masked as INTERNAL_SERVER_ERROR by the server's error formatter, which logs the cause.
    throw new Error('the access log could not be written, so the data is withheld', { cause: err });
  }
}

/**
 * For a record field: FORBIDDEN without a grant; otherwise loads the data and logs the disclosure
 * together, and returns the data only once both are done.
 */
export async function disclose<T>(
  ctx: Context, personId: string, category: PersonDataCategory, load: (self: boolean) => Promise<T>,
): Promise<T> {
  const rights = await ctx.loaders.rightsByPerson.load(personId);
  const grant = rights.grants.get(category);
  if (!grant) throw forbidden(`Not authorized to see this person's ${category.toLowerCase().replace(/_/g, ' ')} data.`);
  const [data] = await Promise.all([load(rights.self), logDisclosure(ctx, personId, category, grant)]);
  return data;
}
