/**
 * The generator alone (no database): deterministic, valid identifiers, the publicity rules of
 * domain.md, plausible proportions and the demo guarantees.
 */
import { describe, expect, it } from '@jest/globals';
import { loadCatalogue } from '../../lib/catalogue/index.ts';
import { validateIdNumber } from '../../lib/identifiers/id-number.ts';
import { maskIdNumber, maskName } from '../../lib/identifiers/masking.ts';
import { validateUscc } from '../../lib/identifiers/uscc.ts';
import { addMonths, dayOf, isoOf } from './dates.ts';
import { demoFacts } from './demo.ts';
import { affinePermutation, Rng } from './prng.ts';
import { generateEnterprise, type EnterpriseBundle } from './synthetic/enterprises.ts';
import { financeCatalogue } from './synthetic/finance.ts';
import { personId, personIdNumber } from './synthetic/identifiers.ts';
import { generatePerson } from './synthetic/persons.ts';
import { makePlan } from './synthetic/plan.ts';
import { demoConsents, demoInstitutions } from './synthetic/platform.ts';
import { generateSocialOrg } from './synthetic/social-orgs.ts';
import { BIRTH_REGIONS } from './vocabulary/places.ts';

const TODAY = '2026-03-15';
const NOW = new Date('2026-03-15T02:00:00.000Z');
const plan = makePlan({ enterprises: 3000, persons: 3000, today: TODAY, now: NOW });

const records = (b: EnterpriseBundle) => [
  ...b.licenses, ...b.penalties, ...b.lists, ...b.certificates, ...b.inspections, ...b.commitments, ...b.evaluations,
  ...b.honors, ...b.otherRecords,
];
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
let generated: EnterpriseBundle[] | undefined;
/** Enterprises 0-2999, generated once for the whole file. */
const enterprises = () => (generated ??= range(3000).map((i) => generateEnterprise(i, plan)));

describe('the PRNG', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const draw = (seed: number) => { const r = new Rng(seed); return range(5).map(() => r.next()); };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('permutes a range without collisions', () => {
    const perm = affinePermutation(10_007, 99);
    expect(new Set(range(10_007).map(perm)).size).toBe(10_007);
  });
});

describe('the generator', () => {
  it('gives the same rows for the same index, whatever the size of the seed', () => {
    const small = makePlan({ enterprises: 10, persons: 3000, today: TODAY, now: NOW });
    for (const i of [0, 1, 7, 2999]) expect(generateEnterprise(i, small)).toEqual(generateEnterprise(i, plan));
    for (const j of [0, 2, 1234]) expect(generatePerson(j, small)).toEqual(generatePerson(j, plan));
    for (const k of [0, 5, 250]) expect(generateSocialOrg(k, small)).toEqual(generateSocialOrg(k, plan));
    expect(generateEnterprise(5, plan)).not.toEqual(generateEnterprise(6, plan));
  });

  it('makes every enterprise and social-organisation USCC valid and unique', () => {
    const codes = [
      ...enterprises().map((b) => b.enterprise.uscc),
      ...range(500).map((k) => generateSocialOrg(k, plan).org.uscc),
    ];
    expect(codes.filter((code) => !validateUscc(code).ok)).toEqual([]);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.slice(0, 3000).every((c) => c.startsWith('91'))).toBe(true);
    expect(codes.slice(3000).every((c) => c.startsWith('5'))).toBe(true);
  });

  it('makes every ID number valid, unique, born 1950–2004 in a real region', () => {
    const ids = range(20_000).map(personIdNumber);
    const wrong = ids.filter((id) => {
      const check = validateIdNumber(id, NOW);
      return !check.ok || check.birthDate < '1950-01-01' || check.birthDate > '2004-12-31' || !BIRTH_REGIONS.includes(check.regionCode);
    });
    expect(wrong).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(range(20_000).map(personId)).size).toBe(20_000);
  });

  it('masks names and ID numbers as the identifiers module does, and keeps the clear number out of the row', () => {
    const persons = range(3000).map((j) => generatePerson(j, plan));
    const wrong = persons.filter((d) => d.person.nameMasked !== maskName(d.person.name) || d.person.idMasked !== maskIdNumber(d.idNumber));
    expect(wrong).toEqual([]);
    expect(new Set(persons.map((d) => d.person.name.length))).toEqual(new Set([2, 3, 4]));
    expect(persons.filter((d) => JSON.stringify(d.person).includes(d.idNumber))).toEqual([]);
  });

  it('applies the publicity periods of domain.md to every penalty', () => {
    const penalties = enterprises().flatMap((b) => b.penalties);
    expect(penalties.length).toBeGreaterThan(500);
    for (const p of penalties) {
      // Records carry the maximum publicity (3 years, Shenzhen practice; repair.json), not the minimum.
      const expected = 36;
      expect(p.publicityPeriodMonths).toBe(expected);
      expect(p.publicityEndDate).toBe(isoOf(addMonths(dayOf(p.decisionDate!), expected)));
      expect(p.decisionDate! < TODAY).toBe(true);
    }
    // Serious penalties are never repaired early.
    expect(penalties.filter((p) => p.severity === 'SERIOUS' && p.status === 'REPAIRED')).toEqual([]);
    const kinds = new Set(penalties.map((p) => `${p.severity}/${p.domain}`));
    for (const k of ['MINOR/GENERAL', 'GENERAL/GENERAL', 'SERIOUS/GENERAL', 'MINOR/WORK_SAFETY', 'GENERAL/FIRE_SAFETY', 'GENERAL/SPECIAL_EQUIPMENT']) {
      expect(kinds).toContain(k);
    }
  });

  it('publishes every non-serious penalty beyond the day its repair first becomes possible, so repair matters (issue 16)', () => {
    // The minimum before repair as the repair workflow had it before issue 16 (3 months; 1 year in
    // the safety domains). With the minimum as the publicity end, the two dates coincided for minor
    // penalties: this fails on that seed.
    const penalties = enterprises().flatMap((b) => b.penalties).filter((p) => p.severity !== 'SERIOUS');
    const coincide = penalties.filter((p) =>
      p.publicityEndDate! <= isoOf(addMonths(dayOf(p.decisionDate!), p.domain === 'GENERAL' ? 3 : 12)));
    expect(penalties.filter((p) => p.severity === 'MINOR').length).toBeGreaterThan(50);
    expect(coincide).toEqual([]);
  });

  it('publishes a person\'s penalty for its repair class\'s maximum, beyond the day its repair first becomes possible (issue 16)', () => {
    // Persons repair their own penalties after 3 months (1 year if serious); the seed published a
    // minor person's penalty for exactly 3 months, the day repair opened: this fails on that seed.
    const penalties = range(3000).flatMap((j) => generatePerson(j, plan).penalties);
    expect(penalties.filter((p) => p.severity === 'MINOR').length).toBeGreaterThan(20);
    for (const p of penalties) {
      expect(p.publicityEndDate).toBe(isoOf(addMonths(dayOf(p.decisionDate), 36)));
      expect(p.publicityEndDate! > isoOf(addMonths(dayOf(p.decisionDate), p.severity === 'SERIOUS' ? 12 : 3))).toBe(true);
    }
  });

  it('makes about ten archive records per enterprise, some expired, some repaired, a few withdrawn', () => {
    const all = enterprises();
    const recs = all.flatMap(records);
    expect(recs.length / all.length).toBeGreaterThan(8.5);
    expect(recs.length / all.length).toBeLessThan(11.5);
    const expired = recs.filter((r) => r.status === 'PUBLISHED' && r.publicityEndDate !== null && r.publicityEndDate < TODAY);
    expect(expired.length / recs.length).toBeGreaterThan(0.05);
    expect(recs.filter((r) => r.status === 'REPAIRED').length).toBeGreaterThan(30);
    expect(recs.filter((r) => r.status === 'WITHDRAWN').length).toBeGreaterThan(20);
    expect(recs.filter((r) => r.underObjection).length).toBeGreaterThan(5);
    expect(new Set(recs.map((r) => r.id)).size).toBe(recs.length);
    const loans = all.flatMap((b) => b.loans);
    const borrowers = new Set(loans.map((l) => l.uscc)).size / all.length;
    expect(borrowers).toBeGreaterThan(0.1);
    expect(borrowers).toBeLessThan(0.2);
  });

  it('uses real region codes, GB/T 4754 sections and the catalogue item of each record’s archive slot', () => {
    const catalogue = loadCatalogue();
    const slotOf = (code: string) => {
      const item = catalogue.item(code);
      return item?.subjectKind === 'LEGAL_PERSON' ? item.slot : `not a legal-person item: ${code}`;
    };
    for (const b of enterprises().slice(0, 500)) {
      const e = b.enterprise;
      expect(e.uscc.slice(2, 8)).toBe(e.regionCode);
      expect(e.industryCode).toMatch(/^[A-S]$/);
      const slots: Array<[string, Array<{ catalogItemCode: string; listType?: string }>]> = [
        ['LICENSES', b.licenses], ['PENALTIES', b.penalties], ['CERTIFICATES', b.certificates], ['INSPECTIONS', b.inspections],
        ['COMMITMENTS', b.commitments], ['EVALUATIONS', b.evaluations], ['HONORS', b.honors], ['OTHER', b.otherRecords],
      ];
      for (const [slot, rows] of slots) for (const r of rows) expect(slotOf(r.catalogItemCode)).toBe(slot);
      for (const r of b.lists) expect(slotOf(r.catalogItemCode)).toBe(r.listType === 'RED' ? 'RED_LIST' : 'BLACK_LIST');
      expect(e.name).toMatch(/(有限公司|股份有限公司)$/);
    }
  });

  it('lends only products of partners that exist', () => {
    const { partners, products } = financeCatalogue();
    expect(partners).toHaveLength(8);
    expect(products.length).toBeGreaterThanOrEqual(25);
    const productIds = new Set(products.map((p) => `${p.partnerId}/${p.id}`));
    for (const b of enterprises()) for (const l of b.loans) expect(productIds).toContain(`${l.partnerId}/${l.productId}`);
  });
});

describe('the demo subjects', () => {
  const facts = demoFacts();
  const first = generateEnterprise(0, plan);

  it('lists three persons and three enterprises, persons[0] representing enterprises[0]', () => {
    expect(facts.persons).toHaveLength(3);
    expect(facts.enterprises).toHaveLength(3);
    expect(first.enterprise.uscc).toBe(facts.enterprises[0]!.uscc);
    expect(first.enterprise.legalRepPersonId).toBe(facts.persons[0]!.id);
    expect(facts.persons.map((p) => p.idNumber)).toEqual([0, 1, 2].map(personIdNumber));
  });

  it('gives enterprises[0] a public record in each of the nine categories, X records and a loan', () => {
    const isPublic = (r: { status: string; publicityEndDate: string | null }) =>
      r.status === 'PUBLISHED' && (r.publicityEndDate === null || r.publicityEndDate >= TODAY);
    const categories = {
      licenses: first.licenses, penalties: first.penalties, redList: first.lists.filter((l) => l.listType === 'RED'),
      blackList: first.lists.filter((l) => l.listType === 'BLACK'), certificates: first.certificates,
      inspections: first.inspections, commitments: first.commitments, evaluations: first.evaluations, honors: first.honors,
      otherRecords: first.otherRecords,
    };
    for (const [name, list] of Object.entries(categories)) expect([name, list.some(isPublic)]).toEqual([name, true]);
    expect(first.loans.map((l) => l.status)).toEqual(['GRANTED']);
  });

  it('gives enterprises[0] one penalty past its publicity end and one repaired', () => {
    const expired = first.penalties.filter((p) => p.status === 'PUBLISHED' && p.publicityEndDate! < TODAY);
    expect(expired).toHaveLength(1);
    expect(expired[0]!.severity).toBe('MINOR');
    expect(first.penalties.filter((p) => p.status === 'REPAIRED')).toHaveLength(1);
    expect(first.lists.filter((l) => l.status === 'REPAIRED' && l.removedOn !== null)).toHaveLength(1);
  });

  it('has one institution per kind on a plan of at most 100 requests a second', () => {
    const institutions = demoInstitutions(plan);
    expect(institutions.map((i) => i.kind).sort()).toEqual(['CREDIT_SERVICE', 'FINANCIAL', 'GOVERNMENT', 'INDUSTRY_ASSOCIATION', 'PARTNER_CITY', 'SOURCE_DEPARTMENT']);
    expect(Object.fromEntries(institutions.map((i) => [i.kind, i.scopes]))).toEqual({
      FINANCIAL: 'loans:read',
      GOVERNMENT: 'person:penalties person:judgment-debtor loans:read',
      INDUSTRY_ASSOCIATION: '', CREDIT_SERVICE: 'reports:issue', PARTNER_CITY: '',
      SOURCE_DEPARTMENT: 'department:eco',
    });
    for (const i of institutions) expect(i.ratePerSecond).toBeLessThanOrEqual(100);
    for (const i of institutions) expect(facts.institutions[i.kind as keyof typeof facts.institutions].id).toBe(i.id);
  });

  it('has persons[2] consent to the financial institution for a year, for every category, and nobody else', () => {
    expect(demoConsents(plan)).toEqual([{
      id: expect.any(String),
      personId: facts.persons[2]!.id,
      institutionId: facts.institutions.FINANCIAL.id,
      purpose: 'CREDIT_EASY_LOAN',
      categories: 'IDENTITY,PENALTIES,JUDGMENT_DEBTOR,HONORS,VOLUNTEER_SERVICE,INTEGRITY',
      grantedAt: NOW,
      expiresAt: new Date('2027-03-15T02:00:00.000Z'),
      revokedAt: null,
      monitoring: false,
    }]);
  });

  it('gives the demo persons records to show: a penalty each, a listed and a removed judgment debtor', () => {
    const [p0, p1, p2] = [0, 1, 2].map((j) => generatePerson(j, plan));
    expect([p0!.penalties.length, p1!.penalties.length, p2!.penalties.length]).toEqual([1, 1, 1]);
    expect(p1!.judgmentDebtorCases.map((c) => c.removedOn)).toEqual([null]);
    expect(p2!.judgmentDebtorCases.every((c) => c.removedOn !== null)).toBe(true);
    expect(p2!.volunteerRecords.length).toBeGreaterThan(0);
  });
});
