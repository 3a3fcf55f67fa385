import { describe, expect, it } from '@jest/globals';
import type { InstitutionKind, Principal } from '../../lib/caller.ts';
import {
  disclosureOf, isActiveListEntry, isDisclosed, mayCheckPersons, mayFollowListChanges, mayReadCasesOf, mayRecordCommitmentOf,
  mayReportSanctionOutcome, maySearchSanctions, requireEnterprise, restrictedItemsOf, visibilityFor, visibilityKindOf,
} from './rules.ts';
import type { Catalogue } from '../../lib/catalogue/index.ts';
import { loadCatalogue } from '../../lib/catalogue/index.ts';

// The callers, written here rather than imported from test-support.ts: that module loads the whole
// subgraph, and under mutation testing every mutant loads this file again.
const anonymous: Principal = { kind: 'ANONYMOUS' };
const operator: Principal = { kind: 'OPERATOR', operatorId: 'op-1' };
const enterpriseCaller = (uscc: string): Principal => ({ kind: 'ENTERPRISE', uscc });
const institution = (institutionKind: InstitutionKind): Principal =>
  ({ kind: 'INSTITUTION', institutionId: `inst-${institutionKind.toLowerCase()}`, institutionKind, institutionName: 'i', scopes: [] });

describe('disclosureOf', () => {
  it('keeps PUBLISHED up to and including the publicity end date, EXPIRED the day after', () => {
    expect(disclosureOf({ status: 'PUBLISHED', publicityEndDate: null }, '2025-06-15')).toBe('PUBLISHED');
    expect(disclosureOf({ status: 'PUBLISHED', publicityEndDate: '2025-06-15' }, '2025-06-15')).toBe('PUBLISHED');
    expect(disclosureOf({ status: 'PUBLISHED', publicityEndDate: '2025-06-14' }, '2025-06-15')).toBe('EXPIRED');
  });

  it('shows REPAIRED and WITHDRAWN as stored, whatever the publicity end', () => {
    expect(disclosureOf({ status: 'REPAIRED', publicityEndDate: '2099-01-01' }, '2025-06-15')).toBe('REPAIRED');
    expect(disclosureOf({ status: 'WITHDRAWN', publicityEndDate: null }, '2025-06-15')).toBe('WITHDRAWN');
  });

  it('refuses a status it does not know rather than publishing it', () => {
    expect(() => disclosureOf({ status: 'DRAFT', publicityEndDate: null }, '2025-06-15')).toThrow(/unknown status 'DRAFT'/);
  });
});

/** The shipped catalogue: every legal-person item PUBLIC, so nothing is withheld by item. */
const CATALOGUE = loadCatalogue();

describe('visibilityFor', () => {
  it('gives everything to government and operators, own records to an enterprise, public records to the rest', () => {
    expect(visibilityFor(institution('GOVERNMENT'), CATALOGUE)).toEqual({ kind: 'all', withheldItems: [] });
    expect(visibilityFor(operator, CATALOGUE)).toEqual({ kind: 'all', withheldItems: [] });
    expect(visibilityFor(enterpriseCaller('X'), CATALOGUE)).toEqual({ kind: 'own', uscc: 'X', withheldItems: [] });
    for (const p of [anonymous, institution('FINANCIAL'), institution('CREDIT_SERVICE'), institution('INDUSTRY_ASSOCIATION'),
      institution('PARTNER_CITY'), { kind: 'PERSON', personId: 'p' } as Principal]) {
      expect(visibilityFor(p, CATALOGUE)).toEqual({ kind: 'public', withheldItems: [] });
    }
  });
});

// --- the rules on their own (no server) ---------------------------------------------------------------

/** A catalogue of one item per disclosure attribute, and a natural person's item (not kept here). */
const RESTRICTED = {
  items: [
    { code: 'open', disclosure: 'PUBLIC', subjectKind: 'LEGAL_PERSON' },
    { code: 'cond', disclosure: 'CONDITIONAL', subjectKind: 'LEGAL_PERSON' },
    { code: 'self', disclosure: 'SELF_ONLY', subjectKind: 'LEGAL_PERSON' },
    { code: 'p-cond', disclosure: 'CONDITIONAL', subjectKind: 'NATURAL_PERSON' },
    { code: 'p-self', disclosure: 'SELF_ONLY', subjectKind: 'NATURAL_PERSON' },
  ],
} as unknown as Catalogue;

describe('restricted catalogue items', () => {
  it('withhold CONDITIONAL and SELF_ONLY items from the public, SELF_ONLY from government, nothing from operators', () => {
    expect(restrictedItemsOf(RESTRICTED)).toEqual({ selfOnly: ['self'], notPublic: ['cond', 'self'], any: new Set(['cond', 'self']) });
    expect(restrictedItemsOf(RESTRICTED)).toBe(restrictedItemsOf(RESTRICTED));
    expect(visibilityFor(operator, RESTRICTED)).toEqual({ kind: 'all', withheldItems: [] });
    expect(visibilityFor(institution('GOVERNMENT'), RESTRICTED)).toEqual({ kind: 'all', withheldItems: ['self'] });
    expect(visibilityFor(enterpriseCaller('X'), RESTRICTED)).toEqual({ kind: 'own', uscc: 'X', withheldItems: ['cond', 'self'] });
    expect(visibilityFor(institution('FINANCIAL'), RESTRICTED)).toEqual({ kind: 'public', withheldItems: ['cond', 'self'] });
  });

  it('class callers for the gateway\'s cache as the visibility does', () => {
    expect(visibilityKindOf(operator)).toBe('all');
    expect(visibilityKindOf(institution('GOVERNMENT'))).toBe('all');
    expect(visibilityKindOf(institution('PARTNER_CITY'))).toBe('public');
    expect(visibilityKindOf(enterpriseCaller('X'))).toBe('own');
    expect(visibilityKindOf({ kind: 'PERSON', personId: 'p' })).toBe('public');
    expect(visibilityKindOf(anonymous)).toBe('public');
  });
});

describe('isDisclosed', () => {
  const TODAY_ = '2026-03-02';
  const row = (over: Partial<{ status: string; publicityEndDate: string | null; uscc: string; catalogItemCode: string }> = {}) =>
    ({ status: 'PUBLISHED', publicityEndDate: null, uscc: 'SELF', catalogItemCode: 'open', ...over });
  const all = { kind: 'all', withheldItems: ['self'] } as const;
  const own = { kind: 'own', uscc: 'SELF', withheldItems: ['cond'] } as const;
  const pub = { kind: 'public', withheldItems: ['cond'] } as const;

  it('shows everyone a published record within its publicity, of an item not withheld', () => {
    for (const v of [all, own, pub]) expect(isDisclosed(v, row({ publicityEndDate: TODAY_ }), TODAY_)).toBe(true);
    // An enterprise sees another's public records as the public does.
    expect(isDisclosed(own, row({ publicityEndDate: TODAY_, uscc: 'OTHER' }), TODAY_)).toBe(true);
  });

  it('shows expired, repaired and withdrawn records to government, operators and the enterprise itself only', () => {
    for (const over of [{ publicityEndDate: '2026-03-01' }, { status: 'REPAIRED' }, { status: 'WITHDRAWN' }]) {
      expect(isDisclosed(all, row(over), TODAY_)).toBe(true);
      expect(isDisclosed(own, row(over), TODAY_)).toBe(true);
      expect(isDisclosed(own, row({ ...over, uscc: 'OTHER' }), TODAY_)).toBe(false);
      expect(isDisclosed(pub, row(over), TODAY_)).toBe(false);
    }
  });

  it('withholds the items withheld from the caller, except the enterprise\'s own', () => {
    expect(isDisclosed(all, row({ catalogItemCode: 'self' }), TODAY_)).toBe(false);
    expect(isDisclosed(pub, row({ catalogItemCode: 'cond' }), TODAY_)).toBe(false);
    expect(isDisclosed(own, row({ catalogItemCode: 'cond' }), TODAY_)).toBe(true);
    expect(isDisclosed(own, row({ catalogItemCode: 'cond', uscc: 'OTHER' }), TODAY_)).toBe(false);
  });
});

describe('isActiveListEntry', () => {
  const entry = (over: Partial<{ status: string; listedOn: string; removedOn: string | null; publicityEndDate: string | null }> = {}) =>
    ({ status: 'PUBLISHED', listedOn: '2026-03-01', removedOn: null, publicityEndDate: null, ...over });

  it('is in force while published, from its listing to its removal, within its publicity', () => {
    expect(isActiveListEntry(entry(), '2026-03-01')).toBe(true);
    expect(isActiveListEntry(entry(), '2026-02-28')).toBe(false);
    expect(isActiveListEntry(entry({ status: 'REPAIRED' }), '2026-03-02')).toBe(false);
    expect(isActiveListEntry(entry({ removedOn: '2026-03-05' }), '2026-03-04')).toBe(true);
    expect(isActiveListEntry(entry({ removedOn: '2026-03-05' }), '2026-03-05')).toBe(false);
    expect(isActiveListEntry(entry({ publicityEndDate: '2026-03-05' }), '2026-03-05')).toBe(true);
    expect(isActiveListEntry(entry({ publicityEndDate: '2026-03-05' }), '2026-03-06')).toBe(false);
    expect(isActiveListEntry(entry({ removedOn: '2026-03-09', publicityEndDate: '2026-03-05' }), '2026-03-06')).toBe(false);
    expect(isActiveListEntry(entry({ removedOn: '2026-03-05', publicityEndDate: '2026-03-09' }), '2026-03-06')).toBe(false);
  });
});

describe('who may act in the workflows and feeds', () => {
  const gov = (scopes: string[] = [], institutionId = 'gov-1'): Principal =>
    ({ kind: 'INSTITUTION', institutionId, institutionKind: 'GOVERNMENT', institutionName: 'g', scopes });
  const others: Principal[] = [anonymous, institution('FINANCIAL'), institution('CREDIT_SERVICE'), { kind: 'PERSON', personId: 'p' }];

  it('lets only the enterprise act for itself, refusing others with the message given', () => {
    expect(requireEnterprise(enterpriseCaller('X'), 'no')).toEqual({ kind: 'ENTERPRISE', uscc: 'X' });
    for (const p of [operator, gov(), ...others]) {
      expect(() => requireEnterprise(p, 'Only the enterprise may object.')).toThrow('Only the enterprise may object.');
    }
  });

  it('shows cases to the enterprise itself, government and operators; commitments are recorded by the enterprise or an operator', () => {
    expect([operator, gov(), enterpriseCaller('X'), enterpriseCaller('Y'), ...others].map((p) => mayReadCasesOf(p, 'X')))
      .toEqual([true, true, true, false, false, false, false, false]);
    expect([operator, gov(), enterpriseCaller('X'), enterpriseCaller('Y'), ...others].map((p) => mayRecordCommitmentOf(p, 'X')))
      .toEqual([true, false, true, false, false, false, false, false]);
  });

  it('opens the list change feed to partner cities, government and operators, and sanctions searches to government and operators', () => {
    const who = [operator, gov(), institution('PARTNER_CITY'), enterpriseCaller('X'), ...others];
    expect(who.map(mayFollowListChanges)).toEqual([true, true, true, false, false, false, false, false]);
    expect(who.map(maySearchSanctions)).toEqual([true, true, false, false, false, false, false, false]);
  });

  it('lets a government institution with person:judgment-debtor check persons, and the checking institution report the outcome', () => {
    expect(mayCheckPersons(gov(['person:judgment-debtor']))).toBe(true);
    expect(mayCheckPersons(gov([]))).toBe(false);
    expect(mayCheckPersons({ ...institution('FINANCIAL'), scopes: ['person:judgment-debtor'] } as Principal)).toBe(false);
    expect(mayCheckPersons(operator)).toBe(false);
    expect(mayReportSanctionOutcome(gov([], 'gov-1'), 'gov-1')).toBe(true);
    expect(mayReportSanctionOutcome(gov([], 'gov-1'), 'gov-2')).toBe(false);
    expect(mayReportSanctionOutcome(gov([], 'gov-1'), null)).toBe(false);
    expect(mayReportSanctionOutcome(operator, 'gov-1')).toBe(false);
    expect(mayReportSanctionOutcome({ ...institution('FINANCIAL'), institutionId: 'gov-1' } as Principal, 'gov-1')).toBe(false);
  });
});
