/**
 * The deterministic synthetic data set: pure functions of (plan, index). Enterprise n, person n and
 * social organisation n are the same for every seed size (they draw from their own PRNG, seeded by
 * their index); only the date everything is relative to (`plan.today`) and the number of persons
 * (who is whose legal representative) change them. No I/O, no clock, no Math.random.
 *
 * The first three enterprises and persons are the demo's: enterprise 0 has a record in every
 * archive category (including one past its publicity end and one repaired) and a loan; person 0
 * is its legal representative.
 */
import { makeIdNumber, makeUscc, maskIdNumber, maskName, USCC_ALPHABET } from '../../lib/identifiers.ts';
import { PersonDataCategoryValues } from '../../codegen/enums.ts';
import type { InstitutionKind } from '../../lib/caller.ts';
import type {
  AdministrativeLicense, AdministrativePenalty, Certificate, CreditCommitment, CreditRecord, Enterprise, Honor,
  IndustryEvaluation, Inspection, ListEntry,
} from '../generated/enterprise/sqlite/client.ts';
import type { Consent, JudgmentDebtorCase, Person, PersonHonor, PersonPenalty, VolunteerRecord } from '../generated/person/sqlite/client.ts';
import type { AnnualInspection, SocialOrganization, SocialOrgHonor, SocialOrgPenalty } from '../generated/social-org/sqlite/client.ts';
import type { CreditEasyLoan, FinancialPartner, LoanProduct } from '../generated/finance/sqlite/client.ts';
import type { Institution } from '../generated/platform/sqlite/client.ts';
import { applicationRow, outcomeChange, type OutcomeReport, type ProductTerms } from '../../subgraphs/finance/loans/terms.ts';
import { addMonths, dayOf, dayOfCivil, isoOf, newYear, yearOf } from './dates.ts';
import { affinePermutation, Rng, Stream, Weighted } from './prng.ts';
import { ENTITY_TYPES, INDUSTRIES, REGISTRATION_STATUSES, TRADE_NAME_CHARS, type EntityType, type Industry } from './vocabulary/industries.ts';
import {
  ANNUAL_INSPECTION_RESULTS, DEMO_INSTITUTIONS, PARTNERS, SOCIAL_ORG_HONORS, SOCIAL_ORG_PENALTIES, SOCIAL_ORG_RATINGS,
  SOCIAL_ORG_TYPES, type SocialOrgType,
} from './vocabulary/organizations.ts';
import {
  DEBT_OBLIGATIONS, FEMALE_GIVEN, INTEGRITY_GRADES, MALE_GIVEN, PERSON_HONORS, PERSON_PENALTIES, SURNAMES,
  VOLUNTEER_ACTIVITIES, VOLUNTEER_ORGS,
} from './vocabulary/people.ts';
import {
  BIRTH_REGIONS, BUILDINGS, CITIES, DEPT_DOC_ABBR, DISTRICTS, ROADS, departmentName, type City, type DeptKind, type District,
} from './vocabulary/places.ts';
import {
  BLACK_LISTS, CATALOG, CERTIFICATES, COMMITMENTS, EVALUATIONS, HONORS, INSPECTIONS, INSPECTION_RESULTS, LICENSES,
  LICENSE_INDEX, OTHER_RECORDS, PENALTIES, RED_LISTS, publicityMonths,
  type CertificateSpec, type EvaluationSpec, type HonorSpec, type InspectionSpec, type ListSpec, type NumberCtx,
  type PenaltyOption, type PenaltySpec,
} from './vocabulary/records.ts';

// ---------------------------------------------------------------------------------------------
// The plan
// ---------------------------------------------------------------------------------------------

export interface SeedPlan {
  enterprises: number;
  persons: number;
  socialOrgs: number;
  /** The date the data is relative to (China Standard Time), YYYY-MM-DD. */
  today: string;
  /** The same as a day number. */
  todayDay: number;
  /** The moment timestamps (consent, institution creation) are relative to. */
  now: Date;
}

/** Number of demo enterprises and persons listed in the credentials file. */
export const DEMO_COUNT = 3;

export function makePlan(o: { enterprises: number; persons: number; socialOrgs?: number; today: string; now: Date }): SeedPlan {
  const count = (name: string, v: number, min: number) => {
    if (!Number.isSafeInteger(v) || v < min) throw new RangeError(`${name} must be an integer ≥ ${min}; got ${v}`);
    return v;
  };
  const enterprises = count('enterprises', o.enterprises, DEMO_COUNT);
  if (!(o.now instanceof Date) || Number.isNaN(o.now.getTime())) throw new RangeError('now must be a valid Date');
  return {
    enterprises,
    persons: count('persons', o.persons, DEMO_COUNT),
    // "A few hundred social organisations per few thousand enterprises."
    socialOrgs: o.socialOrgs === undefined ? Math.max(1, Math.round(enterprises / 10)) : count('socialOrgs', o.socialOrgs, 0),
    today: o.today,
    todayDay: dayOf(o.today),
    now: o.now,
  };
}

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

const districtPick = new Weighted(DISTRICTS.map((d) => [d, d.weight] as const));
const industryPick = new Weighted(INDUSTRIES.map((s) => [s, s.weight] as const));
const entityTypePick = new Weighted(ENTITY_TYPES.map((t) => [t, t.weight] as const));
const statusPick = new Weighted(REGISTRATION_STATUSES);
const surnamePick = new Weighted(SURNAMES);
const inspectionResultPick = new Weighted(INSPECTION_RESULTS);
const socialTypePick = new Weighted(SOCIAL_ORG_TYPES.map((t) => [t, t.weight] as const));
const ratingPick = new Weighted(SOCIAL_ORG_RATINGS);
const annualResultPick = new Weighted(ANNUAL_INSPECTION_RESULTS);
const evaluationGradePicks = new Map<EvaluationSpec, Weighted<string>>(EVALUATIONS.map((e) => [e, new Weighted(e.grades)]));
const capitalPick = new Weighted<number>([
  [10, 8], [30, 6], [50, 10], [100, 18], [200, 12], [300, 8], [500, 12], [1000, 12], [2000, 6], [5000, 5], [10000, 3],
]);

/** Items of `list` that apply to industry section `code` (an empty `industries` applies to all). */
function byIndustry<T extends { industries: string }>(list: readonly T[]): Map<string, T[]> {
  return new Map(INDUSTRIES.map((s) => [s.code, list.filter((x) => x.industries === '' || x.industries.includes(s.code))]));
}
const penaltiesFor = byIndustry(PENALTIES);
const penaltyIndex = new Map(PENALTIES.map((p, i) => [p, i]));
const penaltyOptionPicks = new Map(PENALTIES.map((p) => [p, new Weighted(p.options.map((o) => [o, o.weight] as const))]));
const inspectionsFor = byIndustry(INSPECTIONS);
const evaluationsFor = byIndustry(EVALUATIONS);
const honorsFor = byIndustry(HONORS);
const extraCertificatesFor = byIndustry(CERTIFICATES.slice(1));

/** Fills `{name}` placeholders; a placeholder without a value is an error in the vocabulary. */
function fill(template: string, v: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    if (!(k in v)) throw new Error(`vocabulary template '${template}' needs {${k}}`);
    return String(v[k]);
  });
}

/** A day in [from, to] (day numbers); `from` is clamped to `to`. */
function dayBetween(rng: Rng, from: number, to: number): number {
  return from >= to ? to : rng.int(from, to);
}

/** Base-31 digits over the USCC alphabet, fixed width. */
function base31(n: number, width: number): string {
  let s = '';
  for (let i = 0; i < width; i++) {
    s = USCC_ALPHABET[n % 31] + s;
    n = Math.floor(n / 31);
  }
  return s;
}

/** A UUID-shaped id: random-looking, unique by construction (the last 12 hex digits are a bijection of the index). */
function uuidFor(rng: Rng, unique: number): string {
  const h = rng.hex(16);
  const variant = '89ab'[rng.int(0, 3)];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(12, 15)}-${variant}${h.slice(15, 16)}${rng.hex(2)}-${unique.toString(16).padStart(12, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Identifiers: USCCs, person ids, ID numbers (unique by construction)
// ---------------------------------------------------------------------------------------------

const MA_SPACE = 31 ** 6; // 'MA' + 6 characters
const NUMERIC_SPACE = 100_000_000; // pre-2015 organisation codes: 8 digits
let maPerm: ((i: number) => number) | undefined;
let numericPerm: ((i: number) => number) | undefined;
let socialPerm: ((i: number) => number) | undefined;
let personIdPerm: ((i: number) => number) | undefined;
let idNumberPerm: ((i: number) => number) | undefined;

function enterpriseUscc(i: number, rng: Rng, district: District): string {
  // Seven in ten carry a post-2015 code ('MA…'), the others an older numeric organisation code.
  const orgCodeBody = rng.chance(0.7)
    ? 'MA' + base31((maPerm ??= affinePermutation(MA_SPACE, Stream.ENTERPRISE_CODE))(i), 6)
    : String((numericPerm ??= affinePermutation(NUMERIC_SPACE, Stream.ENTERPRISE_CODE + 100))(i)).padStart(8, '0');
  return makeUscc({ authority: '9', orgType: '1', regionCode: district.code, orgCodeBody });
}

function socialOrgUscc(k: number, type: SocialOrgType, district: District): string {
  const orgCodeBody = 'MJ' + base31((socialPerm ??= affinePermutation(MA_SPACE, Stream.SOCIAL_ORG_CODE))(k), 6);
  return makeUscc({ authority: '5', orgType: type.usccType, regionCode: district.code, orgCodeBody });
}

/** The opaque id of person `j` (the same in every seed). */
export function personId(j: number): string {
  // A prime modulus (just under 16^11), so consecutive persons differ in every digit.
  const unique = (personIdPerm ??= affinePermutation(17_592_186_044_399, Stream.PERSON_ID))(j);
  return uuidFor(Rng.for(Stream.PERSON_ID, j), unique);
}

const BIRTH_FROM = dayOf('1950-01-01');
const BIRTH_DAYS = dayOf('2004-12-31') - BIRTH_FROM + 1;
const SEQUENCES = 999; // 001-999
const ID_SPACE = BIRTH_REGIONS.length * BIRTH_DAYS * SEQUENCES;

/** The resident ID number of person `j`: a bijection of j over (region, birth date, sequence), so never repeated. */
export function personIdNumber(j: number): string {
  let p = (idNumberPerm ??= affinePermutation(ID_SPACE, Stream.PERSON + 100))(j);
  const seq = (p % SEQUENCES) + 1;
  p = Math.floor(p / SEQUENCES);
  const birth = BIRTH_FROM + (p % BIRTH_DAYS);
  const region = BIRTH_REGIONS[Math.floor(p / BIRTH_DAYS)]!;
  return makeIdNumber(region, isoOf(birth).replaceAll('-', ''), seq);
}

// ---------------------------------------------------------------------------------------------
// Enterprises and their archive
// ---------------------------------------------------------------------------------------------

export interface EnterpriseBundle {
  enterprise: Enterprise;
  licenses: AdministrativeLicense[];
  penalties: AdministrativePenalty[];
  /** Red and black list entries. */
  lists: ListEntry[];
  certificates: Certificate[];
  inspections: Inspection[];
  commitments: CreditCommitment[];
  evaluations: IndustryEvaluation[];
  honors: Honor[];
  otherRecords: CreditRecord[];
  loans: CreditEasyLoan[];
}

/** Everything a record builder needs to know about its enterprise. */
interface Subject {
  i: number;
  rng: Rng;
  uscc: string;
  city: City;
  district: District;
  industry: Industry;
  established: number;
  today: number;
  /** Demo mode: the record is recent, PUBLISHED and within its publicity period. */
  fresh: boolean;
}

type Common = Pick<AdministrativeLicense,
  'id' | 'uscc' | 'catalogItemCode' | 'sourceDepartment' | 'documentNumber' | 'decisionDate' | 'validFrom' | 'validTo' |
  'publicityEndDate' | 'status' | 'underObjection'>;

function dept(s: Subject, kind: DeptKind | 'DISTRICT_COURT' | 'DISTRICT_SAMR' | 'REGISTRATION'): string {
  if (kind === 'DISTRICT_COURT') return s.district.court;
  if (kind === 'DISTRICT_SAMR' || kind === 'REGISTRATION') return s.district.registrationAuthority;
  return departmentName(s.city, kind);
}

function docNumber(s: Subject, kind: DeptKind, word: string, year: number): string {
  return `${s.city.abbr}${DEPT_DOC_ABBR[kind]}${word}〔${year}〕${s.rng.int(1, 9999)}号`;
}

/** When a record was decided: within the last `years` years, not before the enterprise existed. */
function decisionDay(s: Subject, years: number): number {
  const earliest = Math.max(s.established + 7, s.today - Math.round(365.25 * years));
  return s.fresh ? dayBetween(s.rng, Math.max(s.established, s.today - 200), s.today - 20) : dayBetween(s.rng, earliest, s.today - 1);
}

/** Rare flags: withdrawn records and records under objection. */
function statusAndObjection(s: Subject, publicityEnd: number | null): { status: string; underObjection: boolean } {
  if (s.fresh) return { status: 'PUBLISHED', underObjection: false };
  if (s.rng.chance(0.004)) return { status: 'WITHDRAWN', underObjection: false };
  const inPublicity = publicityEnd === null || publicityEnd >= s.today;
  return { status: 'PUBLISHED', underObjection: inPublicity && s.rng.chance(0.004) };
}

function common(s: Subject, prefix: string, k: number, fields: {
  catalog: string; sourceDepartment: string; documentNumber: string | null; decision: number;
  validFrom: number | null; validTo: number | null; publicityEnd: number | null;
}): Common {
  const { status, underObjection } = statusAndObjection(s, fields.publicityEnd);
  return {
    id: `${prefix}-${s.i}-${k}`,
    uscc: s.uscc,
    catalogItemCode: fields.catalog,
    sourceDepartment: fields.sourceDepartment,
    documentNumber: fields.documentNumber,
    decisionDate: isoOf(fields.decision),
    validFrom: fields.validFrom === null ? null : isoOf(fields.validFrom),
    validTo: fields.validTo === null ? null : isoOf(fields.validTo),
    publicityEndDate: fields.publicityEnd === null ? null : isoOf(fields.publicityEnd),
    status,
    underObjection,
  };
}

function numberCtx(s: Subject, decision: number): NumberCtx {
  const iso = isoOf(decision);
  return { rng: s.rng, city: s.city, district: s.district, uscc: s.uscc, year: yearOf(decision), ymd: iso.replaceAll('-', '') };
}

function license(s: Subject, k: number): AdministrativeLicense | null {
  const keys = s.industry.licenses;
  if (keys.length === 0) return null;
  const index = LICENSE_INDEX.get(s.rng.pick(keys))!;
  const spec = LICENSES[index]!;
  const decision = decisionDay(s, 8);
  let validTo = spec.years === null ? null : addMonths(decision, 12 * spec.years) - 1;
  if (s.fresh && validTo !== null && validTo < s.today) validTo = addMonths(s.today, 12);
  const c = common(s, 'lic', k, {
    catalog: CATALOG.LICENSE,
    sourceDepartment: dept(s, spec.dept),
    documentNumber: docNumber(s, spec.dept, '许', yearOf(decision)),
    decision, validFrom: decision, validTo, publicityEnd: validTo,
  });
  return {
    id: c.id, uscc: c.uscc, catalogItemCode: c.catalogItemCode, sourceDepartment: c.sourceDepartment,
    documentNumber: c.documentNumber, decisionDate: c.decisionDate, validFrom: c.validFrom, validTo: c.validTo,
    publicityEndDate: c.publicityEndDate, status: c.status, underObjection: c.underObjection,
    licenseType: spec.licenseType,
    licenseNumber: spec.number(numberCtx(s, decision)),
    licenseName: spec.licenseName,
    scope: s.rng.pick(spec.scopes),
  };
}

interface PenaltyChoice {
  spec?: PenaltySpec;
  /** Demo: force a severity and a status. */
  severity?: 'MINOR' | 'GENERAL';
  status?: 'PUBLISHED' | 'REPAIRED';
  decision?: number;
}

function penalty(s: Subject, k: number, choice: PenaltyChoice = {}): AdministrativePenalty {
  let spec: PenaltySpec;
  let option: PenaltyOption;
  if (choice.severity) {
    const severity = choice.severity;
    spec = choice.spec ?? s.rng.pick(penaltiesFor.get(s.industry.code)!.filter((p) => p.options.some((o) => o.severity === severity)));
    option = s.rng.pick(spec.options.filter((o) => o.severity === severity));
  } else {
    spec = choice.spec ?? s.rng.pick(penaltiesFor.get(s.industry.code)!);
    option = penaltyOptionPicks.get(spec)!.pick(s.rng);
  }
  const decision = choice.decision ?? decisionDay(s, 6);
  const publicity = publicityMonths(option.severity, spec.domain);
  const months = publicity.max;
  const publicityEnd = addMonths(decision, months);
  let amount: number | null = null;
  if (option.fine) {
    const raw = s.rng.logUniform(option.fine[0], option.fine[1]);
    const unit = raw >= 10_000 ? 1_000 : 100;
    amount = Math.min(option.fine[1], Math.max(option.fine[0], Math.round(raw / unit) * unit));
  }
  const base = common(s, 'pen', k, {
    catalog: CATALOG.PENALTY,
    sourceDepartment: dept(s, spec.dept),
    documentNumber: spec.dept === 'FIRE'
      ? `${s.city.abbr}${s.district.name.slice(0, 1)}消行罚决字〔${yearOf(decision)}〕${String(s.rng.int(1, 2999)).padStart(4, '0')}号`
      : docNumber(s, spec.dept, '罚', yearOf(decision)),
    decision, validFrom: decision, validTo: null, publicityEnd,
  });
  if (choice.status) {
    base.status = choice.status;
    base.underObjection = false;
  } else if (base.status === 'PUBLISHED' && option.severity !== 'SERIOUS') {
    // Credit repair: possible after the class's minimum publicity (repair.json), while the record
    // would still be public. Serious penalties are repairable too now, but rarely are: not seeded.
    if (addMonths(decision, publicity.min) <= s.today && publicityEnd >= s.today && s.rng.chance(0.25)) {
      base.status = 'REPAIRED';
      base.underObjection = false;
    }
  }
  return {
    id: base.id, uscc: base.uscc, catalogItemCode: base.catalogItemCode, sourceDepartment: base.sourceDepartment,
    documentNumber: base.documentNumber, decisionDate: base.decisionDate, validFrom: base.validFrom, validTo: base.validTo,
    publicityEndDate: base.publicityEndDate, status: base.status, underObjection: base.underObjection,
    violation: spec.violation,
    legalBasis: spec.legalBasis,
    penaltyType: option.penaltyType,
    amount,
    publicityPeriodMonths: months,
    severity: option.severity,
    domain: spec.domain,
  };
}

function listEntry(s: Subject, k: number, type: 'RED' | 'BLACK', opts: { specIndex?: number; repaired?: boolean } = {}): ListEntry {
  const specs = type === 'RED' ? RED_LISTS : BLACK_LISTS;
  const index = opts.specIndex ?? s.rng.int(0, specs.length - 1);
  const spec: ListSpec = specs[index]!;
  const listed = decisionDay(s, type === 'RED' ? 3 : 5);
  const validTo = addMonths(listed, spec.months);
  const authority = dept(s, spec.dept);
  const year = yearOf(listed);
  const documentNumber = spec.dept === 'DISTRICT_COURT'
    ? `（${year}）${s.city.provinceAbbr}${s.district.courtCode}执${s.rng.int(100, 19999)}号`
    : spec.dept === 'DISTRICT_SAMR' || spec.dept === 'PROVINCE_SAMR' ? null : docNumber(s, spec.dept, '信', year);
  const base = common(s, 'lst', k, {
    catalog: type === 'RED' ? CATALOG.RED : CATALOG.BLACK,
    sourceDepartment: authority, documentNumber, decision: listed,
    validFrom: listed, validTo, publicityEnd: validTo,
  });
  let removedOn: number | null = null;
  // Leaving a black list: the obligation fulfilled or the record repaired (no earlier than 6 months).
  const repairable = type === 'BLACK' && base.status === 'PUBLISHED' && addMonths(listed, 6) < s.today;
  if (opts.repaired || (opts.repaired === undefined && repairable && s.rng.chance(0.3))) {
    removedOn = dayBetween(s.rng, addMonths(listed, 6), Math.min(validTo, s.today - 1));
    base.status = 'REPAIRED';
    base.underObjection = false;
  }
  return {
    id: base.id, uscc: base.uscc, catalogItemCode: base.catalogItemCode, sourceDepartment: base.sourceDepartment,
    documentNumber: base.documentNumber, decisionDate: base.decisionDate, validFrom: base.validFrom, validTo: base.validTo,
    publicityEndDate: base.publicityEndDate, status: base.status, underObjection: base.underObjection,
    listType: type,
    listName: spec.listName,
    reason: fill(s.rng.pick(spec.reasons), { year: year - 1 }),
    listingAuthority: authority,
    listedOn: isoOf(listed),
    removedOn: removedOn === null ? null : isoOf(removedOn),
    basisRecordId: null,
  };
}

function certificate(s: Subject, k: number, spec: CertificateSpec): Certificate {
  const index = CERTIFICATES.indexOf(spec);
  const isLicence = index === 0;
  const decision = isLicence ? s.established : decisionDay(s, 6);
  let validTo = spec.years === null ? null : addMonths(decision, 12 * spec.years) - 1;
  if (s.fresh && validTo !== null && validTo < s.today) validTo = addMonths(s.today, 12);
  const issuer = spec.issuer === 'HIGH_TECH'
    ? `${departmentName(s.city, 'SCI')}、${s.city.name}财政局、${departmentName(s.city, 'TAX')}`
    : typeof spec.issuer === 'object' ? spec.issuer.fixed : dept(s, spec.issuer);
  const c = common(s, 'cert', k, {
    catalog: CATALOG.CERTIFICATE,
    sourceDepartment: typeof spec.issuer === 'object' ? departmentName(s.city, 'SAMR') : issuer.split('、')[0]!,
    documentNumber: null, decision, validFrom: decision, validTo, publicityEnd: validTo,
  });
  return {
    id: c.id, uscc: c.uscc, catalogItemCode: c.catalogItemCode, sourceDepartment: c.sourceDepartment,
    documentNumber: c.documentNumber, decisionDate: c.decisionDate, validFrom: c.validFrom, validTo: c.validTo,
    publicityEndDate: c.publicityEndDate, status: c.status, underObjection: c.underObjection,
    certificateType: spec.certificateType,
    certificateNumber: spec.number(numberCtx(s, decision)),
    issuer,
  };
}

function inspection(s: Subject, k: number): Inspection {
  const spec: InspectionSpec = s.rng.pick(inspectionsFor.get(s.industry.code)!);
  const inspected = decisionDay(s, 4);
  const authority = dept(s, spec.dept);
  const publicityEnd = addMonths(inspected, 36);
  const c = common(s, 'insp', k, {
    catalog: CATALOG.INSPECTION,
    sourceDepartment: authority,
    documentNumber: `${yearOf(inspected)}年度${s.city.short}双随机抽查计划-${String(s.rng.int(1, 120)).padStart(3, '0')}`,
    decision: inspected, validFrom: null, validTo: null, publicityEnd,
  });
  return {
    id: c.id, uscc: c.uscc, catalogItemCode: c.catalogItemCode, sourceDepartment: c.sourceDepartment,
    documentNumber: c.documentNumber, decisionDate: c.decisionDate, validFrom: c.validFrom, validTo: c.validTo,
    publicityEndDate: c.publicityEndDate, status: c.status, underObjection: c.underObjection,
    inspectionItem: spec.item,
    inspectedOn: isoOf(inspected),
    result: s.fresh ? '未发现问题' : inspectionResultPick.pick(s.rng),
    inspectingAuthority: authority,
  };
}

function commitment(s: Subject, k: number): CreditCommitment {
  const index = s.rng.int(0, COMMITMENTS.length - 1);
  const spec = COMMITMENTS[index]!;
  const committed = decisionDay(s, 4);
  const validTo = addMonths(committed, 12 * s.rng.int(1, 3)) - 1;
  const inForce = validTo >= s.today;
  const broken = !s.fresh && s.rng.chance(inForce ? 0.02 : 0.04);
  const c = common(s, 'cmt', k, {
    catalog: CATALOG.COMMITMENT,
    sourceDepartment: dept(s, spec.dept),
    documentNumber: null, decision: committed, validFrom: committed, validTo, publicityEnd: validTo,
  });
  return {
    id: c.id, uscc: c.uscc, catalogItemCode: c.catalogItemCode, sourceDepartment: c.sourceDepartment,
    documentNumber: c.documentNumber, decisionDate: c.decisionDate, validFrom: c.validFrom, validTo: c.validTo,
    publicityEndDate: c.publicityEndDate, status: c.status, underObjection: c.underObjection,
    commitmentType: spec.commitmentType,
    content: spec.content,
    committedOn: isoOf(committed),
    commitmentStatus: broken ? 'BROKEN' : inForce ? 'IN_FORCE' : 'FULFILLED',
  };
}

/**
 * A yearly result about year Y, published on a day between `from` and `to` of Y+1: one to three
 * years back, already out today, and about a year the enterprise existed in (else null).
 */
function yearlyDecision(s: Subject, from: number, to: number): { year: number; decision: number } | null {
  let year = yearOf(s.today) - (s.fresh ? 1 : s.rng.int(1, 3));
  let decision = newYear(year + 1) + s.rng.int(from, to);
  while (decision >= s.today) {
    year -= 1;
    decision = newYear(year + 1) + s.rng.int(from, to);
  }
  return year < yearOf(s.established) ? null : { year, decision };
}

function evaluation(s: Subject, k: number): IndustryEvaluation | null {
  const spec = s.rng.pick(evaluationsFor.get(s.industry.code)!);
  // The evaluation of year Y is published in spring of Y+1 and holds until the end of Y+1.
  const when = yearlyDecision(s, 60, 170);
  if (!when) return null;
  const { year, decision } = when;
  const validTo = s.fresh ? Math.max(newYear(year + 2) - 1, addMonths(s.today, 6)) : newYear(year + 2) - 1;
  const grade = evaluationGradePicks.get(spec)!.pick(s.rng);
  const c = common(s, 'eval', k, {
    catalog: CATALOG.EVALUATION,
    sourceDepartment: dept(s, spec.dept),
    documentNumber: null, decision, validFrom: decision, validTo, publicityEnd: validTo,
  });
  return {
    id: c.id, uscc: c.uscc, catalogItemCode: c.catalogItemCode, sourceDepartment: c.sourceDepartment,
    documentNumber: c.documentNumber, decisionDate: c.decisionDate, validFrom: c.validFrom, validTo: c.validTo,
    publicityEndDate: c.publicityEndDate, status: c.status, underObjection: c.underObjection,
    industry: s.industry.name,
    grade: s.fresh ? spec.grades[0]![0] : grade,
    evaluator: dept(s, spec.dept),
    year,
  };
}

function honor(s: Subject, k: number): Honor {
  const spec: HonorSpec = s.rng.pick(honorsFor.get(s.industry.code)!);
  const awarded = decisionDay(s, 6);
  const year = yearOf(awarded) - 1;
  const awardedBy = spec.awardedBy === 'DISTRICT_GOV'
    ? (s.district.name.endsWith('县') ? `${s.district.name}人民政府` : `${s.city.name}${s.district.name}人民政府`)
    : typeof spec.awardedBy === 'object' ? spec.awardedBy.fixed : dept(s, spec.awardedBy);
  const c = common(s, 'hon', k, {
    catalog: CATALOG.HONOR,
    sourceDepartment: typeof spec.awardedBy === 'object' ? departmentName(s.city, 'DRC') : awardedBy,
    documentNumber: spec.awardedBy === 'GOV' || spec.awardedBy === 'DISTRICT_GOV' ? docNumber(s, 'GOV', '', yearOf(awarded)) : null,
    decision: awarded, validFrom: awarded, validTo: null, publicityEnd: null,
  });
  return {
    id: c.id, uscc: c.uscc, catalogItemCode: c.catalogItemCode, sourceDepartment: c.sourceDepartment,
    documentNumber: c.documentNumber, decisionDate: c.decisionDate, validFrom: c.validFrom, validTo: c.validTo,
    publicityEndDate: c.publicityEndDate, status: c.status, underObjection: c.underObjection,
    title: fill(spec.title, { city: s.city.name, district: s.district.name, province: s.city.province, year }),
    awardedBy,
    level: spec.level,
  };
}

function otherRecord(s: Subject, k: number, index: number): CreditRecord | null {
  const spec = OTHER_RECORDS[index]!;
  const when = yearlyDecision(s, 10, 80);
  if (!when) return null;
  const { year, decision } = when;
  const { title, content } = spec.make(s.rng, year, !s.fresh && s.rng.chance(spec.badRate));
  const c = common(s, 'oth', k, {
    catalog: CATALOG.OTHER,
    sourceDepartment: dept(s, spec.dept),
    documentNumber: null, decision, validFrom: decision, validTo: addMonths(decision, 12) - 1,
    publicityEnd: addMonths(decision, 36),
  });
  return {
    id: c.id, uscc: c.uscc, catalogItemCode: c.catalogItemCode, sourceDepartment: c.sourceDepartment,
    documentNumber: c.documentNumber, decisionDate: c.decisionDate, validFrom: c.validFrom, validTo: c.validTo,
    publicityEndDate: c.publicityEndDate, status: c.status, underObjection: c.underObjection,
    category: spec.category,
    title,
    content,
  };
}

const productsByCity = new Map<string, ProductTerms[]>(CITIES.map((c) => [c.key, PARTNERS.flatMap((p, pi) =>
  p.cities.includes(c.key) ? p.products.map((pr, qi) => ({
    id: productIdOf(pi, qi), partnerId: partnerIdOf(pi), maxAmount: pr.maxAmount, minAnnualRate: pr.minAnnualRate, termMonths: pr.termMonths,
  })) : [])]));

function partnerIdOf(pi: number): string {
  return `fp-${String(pi + 1).padStart(2, '0')}`;
}
function productIdOf(pi: number, qi: number): string {
  return `lp-${String(pi + 1).padStart(2, '0')}-${qi + 1}`;
}

const LOAN_PURPOSES = ['流动资金周转', '采购原材料', '设备更新改造', '支付货款', '扩大生产经营'] as const;
/** Days from application to decision in the demo data. */
const DECISION_DAYS = 7;

/**
 * A loan as its lender would have reported it: the application and the outcomes, built by the
 * finance subgraph's own rules (subgraphs/finance/loans/terms.ts), so the row has the shape and
 * the checks of a reported one. The random draws are the ones the seed always made (product, day,
 * amount, status), so every other generated value stays as it was.
 */
function loan(s: Subject, k: number): CreditEasyLoan {
  const product = s.rng.pick(productsByCity.get(s.city.key)!);
  const granted = s.fresh ? dayBetween(s.rng, s.today - 150, s.today - 30) : dayBetween(s.rng, Math.max(s.established + 90, s.today - 3 * 365), s.today - 1);
  const amount = Math.max(10_000, Math.round((product.maxAmount * (0.05 + 0.75 * s.rng.next())) / 10_000) * 10_000);
  let status: 'APPLIED' | 'GRANTED' | 'REJECTED' | 'REPAID' | 'OVERDUE';
  if (s.fresh) status = 'GRANTED';
  else if (granted > s.today - 30 && s.rng.chance(0.4)) status = 'APPLIED';
  else if (s.rng.chance(0.05)) status = 'REJECTED';
  else if (addMonths(granted, product.termMonths) < s.today) status = s.rng.chance(0.92) ? 'REPAID' : 'OVERDUE';
  else status = s.rng.chance(0.96) ? 'GRANTED' : 'OVERDUE';

  const requestedFen = BigInt(amount) * 100n;
  const applied = status === 'APPLIED' ? granted : granted - DECISION_DAYS;
  let row = applicationRow({
    id: `loan-${s.i}-${k}`, uscc: s.uscc, product, requestedFen, purpose: LOAN_PURPOSES[(s.i + k) % LOAN_PURPOSES.length]!,
    reference: null, borrower: { industryCode: s.industry.code, regionCode: s.district.code }, on: isoOf(applied),
  });
  const report = (outcome: OutcomeReport) => { row = { ...row, ...outcomeChange(row, product, outcome) }; };
  if (status === 'APPLIED') return row;
  if (status === 'REJECTED') {
    report({ status: 'REJECTED', reason: '综合评估未通过', on: isoOf(granted) });
    return row;
  }
  report({ status: 'GRANTED', amountFen: requestedFen, ratePercent: product.minAnnualRate, termMonths: product.termMonths, on: isoOf(granted) });
  const due = addMonths(granted, product.termMonths);
  if (status === 'REPAID') report({ status: 'REPAID', on: isoOf(due) });
  // Overdue the day after the term ended, or (still within the term) midway through the time lent.
  if (status === 'OVERDUE') report({ status: 'OVERDUE', on: isoOf(due < s.today ? due + 1 : granted + Math.floor((s.today - granted) / 2)) });
  return row;
}

function enterpriseName(rng: Rng, city: City, district: District, industry: Industry, type: EntityType): string {
  const a = rng.pick(TRADE_NAME_CHARS);
  let b = rng.pick(TRADE_NAME_CHARS);
  while (b === a) b = rng.pick(TRADE_NAME_CHARS);
  const x = rng.next();
  const prefix = district.name.endsWith('县') && x < 0.4 ? district.name
    : x < 0.7 ? city.name
    : x < 0.85 ? city.short
    : city.province.replace(/省$/, '');
  return `${prefix}${a}${b}${rng.pick(industry.nameWords)}${type.suffix}`;
}

/** Enterprise `i` with its archive and loans. */
export function generateEnterprise(i: number, plan: SeedPlan): EnterpriseBundle {
  const rng = Rng.for(Stream.ENTERPRISE, i);
  const today = plan.todayDay;
  const demo = i === 0;
  const district = districtPick.pick(rng);
  const city = district.city;
  const industry = industryPick.pick(rng);
  const type = entityTypePick.pick(rng);
  const uscc = enterpriseUscc(i, rng, district);
  const ageDays = Math.round(rng.logUniform(demo ? 1500 : 180, 11_000));
  const established = today - ageDays;
  const capital = rng.chance(0.01) ? null : capitalPick.pick(rng) * 10_000;
  const status = i < DEMO_COUNT ? '存续' : statusPick.pick(rng);
  const enterprise: Enterprise = {
    uscc,
    name: enterpriseName(rng, city, district, industry, type),
    entityType: type.name,
    registrationAuthority: district.registrationAuthority,
    establishedOn: isoOf(established),
    registeredCapital: capital,
    capitalCurrency: type.name.includes('台港澳') ? 'HKD' : 'CNY',
    regionCode: district.code,
    regionName: `${city.province}${city.name}${district.name}`,
    industryCode: industry.code,
    industryName: industry.name,
    businessScope: rng.pick(industry.scopes),
    address: `${city.province}${city.name}${district.name}${rng.pick(district.streets)}${rng.pick(ROADS)}${rng.int(1, 399)}号` +
      (rng.chance(0.6) ? `${rng.pick(BUILDINGS)}${rng.pick(['A', 'B', 'C', '1', '2', '3'])}栋${rng.int(1, 30)}${String(rng.int(1, 20)).padStart(2, '0')}` : ''),
    registrationStatus: status,
    legalRepPersonId: personId(i % plan.persons),
    usccCheckDigitValid: true,
  };

  const s: Subject = { i, rng, uscc, city, district, industry, established, today, fresh: demo };
  const b: EnterpriseBundle = {
    enterprise, licenses: [], penalties: [], lists: [], certificates: [], inspections: [], commitments: [],
    evaluations: [], honors: [], otherRecords: [], loans: [],
  };
  let k = 0;
  const gone = status === '注销' || status === '吊销';

  const licenseCount = demo ? 2 : gone ? rng.int(0, 1) : rng.pick([0, 1, 2, 2, 3, 3, 4]);
  for (let n = 0; n < licenseCount; n++) {
    const l = license(s, ++k);
    if (l) b.licenses.push(l);
  }
  if (demo) {
    // One public, one past its publicity end (MINOR: at most 3 years), one repaired.
    s.fresh = true;
    b.penalties.push(penalty(s, ++k, { severity: 'GENERAL', status: 'PUBLISHED' }));
    const generalMinor = PENALTIES.filter((p) => p.domain === 'GENERAL' && p.options.some((o) => o.severity === 'MINOR'));
    b.penalties.push(penalty(s, ++k, { spec: rng.pick(generalMinor), severity: 'MINOR', status: 'PUBLISHED', decision: addMonths(today, -40) }));
    b.penalties.push(penalty(s, ++k, { severity: 'GENERAL', status: 'REPAIRED', decision: addMonths(today, -15) }));
  } else if (rng.chance(0.45)) {
    const n = 1 + (rng.chance(0.4) ? 1 : 0) + (rng.chance(0.2) ? 1 : 0);
    for (let m = 0; m < n; m++) b.penalties.push(penalty(s, ++k));
  }
  if (demo || rng.chance(0.12)) b.lists.push(listEntry(s, ++k, 'RED', demo ? { specIndex: 1 } : {}));
  if (demo) {
    b.lists.push(listEntry(s, ++k, 'BLACK', { specIndex: 4, repaired: false }));
    s.fresh = false;
    b.lists.push(listEntry(s, ++k, 'BLACK', { specIndex: 1, repaired: true }));
    s.fresh = true;
  } else if (rng.chance(0.04)) {
    b.lists.push(listEntry(s, ++k, 'BLACK'));
  }
  b.certificates.push(certificate(s, ++k, CERTIFICATES[0]!));
  const extraCerts = extraCertificatesFor.get(industry.code)!;
  const certCount = demo ? 1 : rng.pick([0, 1, 1, 1, 2, 2]);
  for (let n = 0; n < certCount && extraCerts.length > 0; n++) b.certificates.push(certificate(s, ++k, rng.pick(extraCerts)));
  const inspectionCount = demo ? 1 : rng.int(0, 4);
  for (let n = 0; n < inspectionCount; n++) b.inspections.push(inspection(s, ++k));
  const commitmentCount = demo ? 1 : rng.chance(0.6) ? rng.int(1, 2) : 0;
  for (let n = 0; n < commitmentCount; n++) b.commitments.push(commitment(s, ++k));
  if (demo || rng.chance(0.35)) {
    const e = evaluation(s, ++k);
    if (e) b.evaluations.push(e);
  }
  const honorCount = demo ? 1 : rng.chance(0.12) ? rng.int(1, 2) : 0;
  for (let n = 0; n < honorCount; n++) b.honors.push(honor(s, ++k));
  // The "X": two to four different kinds of other information (fewer for young enterprises).
  const otherCount = demo ? 3 : rng.int(2, 4);
  const first = rng.int(0, OTHER_RECORDS.length - 1);
  for (let n = 0; n < otherCount; n++) {
    const r = otherRecord(s, ++k, (first + n) % OTHER_RECORDS.length);
    if (r) b.otherRecords.push(r);
  }
  if (demo || (!gone && rng.chance(0.15))) {
    const loans = demo ? 1 : rng.chance(0.25) ? 2 : 1;
    for (let n = 1; n <= loans; n++) b.loans.push(loan(s, n));
  }
  return b;
}

// ---------------------------------------------------------------------------------------------
// Persons
// ---------------------------------------------------------------------------------------------

/** A person as generated: the ID number in clear (the seeder hashes and encrypts it). */
export interface PersonDraft {
  person: Omit<Person, 'idHash' | 'idCipher'>;
  idNumber: string;
  penalties: PersonPenalty[];
  judgmentDebtorCases: JudgmentDebtorCase[];
  honors: PersonHonor[];
  volunteerRecords: VolunteerRecord[];
}

const districtByCode = new Map(DISTRICTS.map((d) => [d.code, d]));

/**
 * maskName of lib/identifiers.ts, without its grapheme segmentation for the names this generator
 * makes (two to four BMP Han characters, one grapheme each), which it would mask the same way.
 */
const HAN_NAME = /^[\u4e00-\u9fff]{2,4}$/;
function maskedName(name: string): string {
  if (!HAN_NAME.test(name)) return maskName(name);
  return name[0] + '*'.repeat(Math.max(1, name.length - 2)) + (name.length > 2 ? name[name.length - 1] : '');
}

export function generatePerson(j: number, plan: SeedPlan): PersonDraft {
  const rng = Rng.for(Stream.PERSON, j);
  const today = plan.todayDay;
  const id = personId(j);
  const idNumber = personIdNumber(j);
  const regionCode = idNumber.slice(0, 6);
  const male = Number(idNumber.slice(14, 17)) % 2 === 1;
  const given = male ? MALE_GIVEN : FEMALE_GIVEN;
  const name = surnamePick.pick(rng) + rng.pick(given) + (rng.chance(0.65) ? rng.pick(given) : '');
  // Where the person lives and works: their birth district if it is one of ours, else anywhere.
  const home = districtByCode.get(regionCode) ?? districtPick.pick(rng);
  const city = home.city;
  const birth = dayOfCivil(Number(idNumber.slice(6, 10)), Number(idNumber.slice(10, 12)), Number(idNumber.slice(12, 14)));
  const adult = addMonths(birth, 12 * 18);
  const since = (years: number) => Math.max(adult, today - Math.round(365.25 * years));

  const draft: PersonDraft = {
    person: {
      id, idMasked: maskIdNumber(idNumber), name, nameMasked: maskedName(name), regionCode,
      integrityScore: 0, integrityGrade: '', integrityUpdatedOn: `${plan.today.slice(0, 8)}01`,
    },
    idNumber,
    penalties: [],
    judgmentDebtorCases: [],
    honors: [],
    volunteerRecords: [],
  };
  // The demo persons: 0 has a penalty, an honour and volunteer service; 1 is a listed judgment
  // debtor; 2 (who consents to the bank) has a bit of everything.
  const demo = j < DEMO_COUNT;
  const penaltyCount = demo ? 1 : rng.chance(0.06) ? rng.int(1, 2) : 0;
  for (let n = 1; n <= penaltyCount; n++) {
    const spec = rng.pick(PERSON_PENALTIES);
    const decision = demo ? dayBetween(rng, today - 60, today - 10) : dayBetween(rng, since(5), today - 1);
    const year = yearOf(decision);
    draft.penalties.push({
      id: `ppen-${j}-${n}`,
      personId: id,
      catalogItemCode: CATALOG.PERSON_PENALTY,
      sourceDepartment: departmentName(city, spec.dept),
      documentNumber: `${city.abbr}${DEPT_DOC_ABBR[spec.dept]}罚〔${year}〕${rng.int(1, 9999)}号`,
      decisionDate: isoOf(decision),
      violation: spec.violation,
      legalBasis: spec.legalBasis,
      penaltyType: spec.penaltyType,
      amount: spec.fine ? Math.round(rng.logUniform(spec.fine[0], spec.fine[1]) / 100) * 100 : null,
      publicityEndDate: isoOf(addMonths(decision, spec.months)),
      status: 'PUBLISHED',
      underObjection: false,
    });
  }
  const caseCount = j === 1 || j === 2 ? 1 : demo ? 0 : rng.chance(0.012) ? rng.int(1, 2) : 0;
  for (let n = 1; n <= caseCount; n++) {
    const listed = dayBetween(rng, since(6), today - 30);
    const removed = j === 2 || (j !== 1 && rng.chance(0.45));
    const year = yearOf(listed) - (rng.chance(0.5) ? 1 : 0);
    draft.judgmentDebtorCases.push({
      id: `jdc-${j}-${n}`,
      personId: id,
      caseNumber: `（${year}）${city.provinceAbbr}${home.courtCode}执${rng.int(100, 19999)}号`,
      court: home.court,
      obligation: fill(rng.pick(DEBT_OBLIGATIONS), { amount: String(rng.int(5, 2000) * 1000).replace(/\B(?=(\d{3})+(?!\d))/g, ',') }),
      listedOn: isoOf(listed),
      removedOn: removed ? isoOf(dayBetween(rng, listed + 30, today - 1)) : null,
      status: 'PUBLISHED',
      underObjection: false,
    });
  }
  const honorCount = j === 0 || j === 2 ? 1 : demo ? 0 : rng.chance(0.04) ? 1 : 0;
  for (let n = 1; n <= honorCount; n++) {
    const spec = rng.pick(PERSON_HONORS);
    const awarded = dayBetween(rng, since(10), today - 1);
    draft.honors.push({
      id: `phon-${j}-${n}`,
      personId: id,
      title: fill(spec.title, { city: city.name, province: city.province, year: yearOf(awarded) - 1 }),
      awardedBy: fill(spec.awardedBy, { city: city.name, province: city.province }),
      awardedOn: isoOf(awarded),
    });
  }
  const volunteerCount = j === 0 || j === 2 ? 3 : demo ? 0 : rng.chance(0.2) ? rng.int(1, 6) : 0;
  for (let n = 1; n <= volunteerCount; n++) {
    draft.volunteerRecords.push({
      id: `vol-${j}-${n}`,
      personId: id,
      organization: fill(rng.pick(VOLUNTEER_ORGS), { city: city.name, district: home.name }),
      activity: rng.pick(VOLUNTEER_ACTIVITIES),
      hours: rng.int(1, 16) / 2,
      servedOn: isoOf(dayBetween(rng, since(5), today - 1)),
    });
  }
  const hours = draft.volunteerRecords.reduce((sum, v) => sum + v.hours, 0);
  const listed = draft.judgmentDebtorCases.some((c) => c.removedOn === null);
  let score = rng.normal(760, 70) - 80 * draft.penalties.length + 30 * draft.honors.length + Math.min(hours, 60)
    - (listed ? 220 : 60 * draft.judgmentDebtorCases.length);
  score = Math.round(Math.min(1000, Math.max(350, score)));
  draft.person.integrityScore = score;
  draft.person.integrityGrade = INTEGRITY_GRADES.find(([min]) => score >= min)![1];
  return draft;
}

// ---------------------------------------------------------------------------------------------
// Social organisations
// ---------------------------------------------------------------------------------------------

export interface SocialOrgBundle {
  org: SocialOrganization;
  annualInspections: AnnualInspection[];
  penalties: SocialOrgPenalty[];
  honors: SocialOrgHonor[];
}

export function generateSocialOrg(k: number, plan: SeedPlan): SocialOrgBundle {
  const rng = Rng.for(Stream.SOCIAL_ORG, k);
  const today = plan.todayDay;
  const thisYear = yearOf(today);
  const district = districtPick.pick(rng);
  const city = district.city;
  const type = socialTypePick.pick(rng);
  const uscc = socialOrgUscc(k, type, district);
  const cityLevel = rng.chance(0.5);
  const county = district.name.endsWith('县');
  const prefix = cityLevel ? city.name : county ? district.name : `${city.name}${district.name}`;
  const a = rng.pick(TRADE_NAME_CHARS);
  let b = rng.pick(TRADE_NAME_CHARS);
  while (b === a) b = rng.pick(TRADE_NAME_CHARS);
  const name = fill(rng.pick(type.patterns), { prefix, zh: a + b, topic: type.topics.length ? rng.pick(type.topics) : '' });
  const registered = today - Math.round(rng.logUniform(200, 9000));
  const registeredYear = yearOf(registered);
  let ratingYear: number | null = null;
  if (registeredYear + 2 < thisYear && rng.chance(0.35)) ratingYear = Math.max(registeredYear + 2, thisYear - rng.int(1, 6));
  const org: SocialOrganization = {
    uscc,
    name,
    orgType: type.orgType,
    registrationAuthority: cityLevel ? departmentName(city, 'CIVIL') : `${prefix}民政局`,
    registeredOn: isoOf(registered),
    regionCode: district.code,
    businessScope: rng.pick(type.scopes),
    ratingGrade: ratingYear === null ? null : ratingPick.pick(rng),
    ratingYear,
    ratingValidUntil: ratingYear === null ? null : `${ratingYear + 4}-12-31`,
    usccCheckDigitValid: true,
  };
  const bundle: SocialOrgBundle = { org, annualInspections: [], penalties: [], honors: [] };
  for (let year = Math.max(registeredYear + 1, thisYear - 5); year < thisYear; year++) {
    const inspected = newYear(year + 1) + rng.int(90, 180);
    if (inspected >= today) break;
    bundle.annualInspections.push({ id: `ainsp-${k}-${year}`, uscc, year, result: annualResultPick.pick(rng), inspectedOn: isoOf(inspected) });
  }
  if (rng.chance(0.05)) {
    const spec = rng.pick(SOCIAL_ORG_PENALTIES);
    const decision = dayBetween(rng, Math.max(registered + 90, today - 4 * 365), today - 1);
    const authority = org.registrationAuthority;
    bundle.penalties.push({
      id: `sopen-${k}-1`,
      uscc,
      documentNumber: `${city.abbr}民罚〔${yearOf(decision)}〕${rng.int(1, 99)}号`,
      decisionDate: isoOf(decision),
      violation: spec.violation,
      penaltyType: spec.penaltyType,
      amount: spec.fine ? Math.round(rng.int(spec.fine[0], spec.fine[1]) / 1000) * 1000 : null,
      sourceDepartment: authority,
      publicityEndDate: isoOf(addMonths(decision, spec.months)),
    });
  }
  if (rng.chance(0.1)) {
    const spec = rng.pick(SOCIAL_ORG_HONORS);
    const awarded = dayBetween(rng, registered + 365, today - 1);
    const year = yearOf(awarded) - 1;
    bundle.honors.push({
      id: `sohon-${k}-1`,
      uscc,
      title: fill(spec.title, { city: city.name, province: city.province, year }),
      awardedBy: fill(spec.awardedBy, { city: city.name, province: city.province }),
      awardedOn: isoOf(awarded),
    });
  }
  return bundle;
}

// ---------------------------------------------------------------------------------------------
// Finance, platform
// ---------------------------------------------------------------------------------------------

export function financeCatalogue(): { partners: FinancialPartner[]; products: LoanProduct[] } {
  return {
    // The demo FINANCIAL institution reports the first lender's loans (reportLoanApplication, reportLoanOutcome).
    partners: PARTNERS.map((p, pi) => ({ id: partnerIdOf(pi), name: p.name, kind: p.kind, institutionId: pi === 0 ? institutionId('FINANCIAL') : null })),
    products: PARTNERS.flatMap((p, pi) => p.products.map((pr, qi) => ({
      id: productIdOf(pi, qi), partnerId: partnerIdOf(pi), name: pr.name, maxAmount: pr.maxAmount,
      minAnnualRate: pr.minAnnualRate, termMonths: pr.termMonths, eligibility: pr.eligibility,
    }))),
  };
}

/** The id of the demo institution of `kind` (the same in every seed). */
export function institutionId(kind: InstitutionKind): string {
  const index = DEMO_INSTITUTIONS.findIndex((s) => s.kind === kind);
  if (index < 0) throw new RangeError(`no demo institution of kind ${kind}`);
  return uuidFor(Rng.for(Stream.PLATFORM, index), 0x1_0000 + index);
}

/** The operator the demo mints a token for (operators are not stored: they are who the identity provider says). */
export const OPERATOR_ID = uuidFor(Rng.for(Stream.PLATFORM, 1000), 0x2_0000);

export function demoInstitutions(plan: SeedPlan): Institution[] {
  return DEMO_INSTITUTIONS.map((s) => ({
    id: institutionId(s.kind),
    name: s.name,
    kind: s.kind,
    status: 'ACTIVE',
    scopes: s.scopes,
    createdAt: plan.now,
    ratePerSecond: s.ratePerSecond,
    burst: s.burst,
    dailyArchivePulls: s.dailyArchivePulls,
    monthlyArchivePulls: s.monthlyArchivePulls,
    monthlyReports: null,
    trustedDocumentsOnly: false,
  }));
}

export const ALL_PERSON_CATEGORIES = PersonDataCategoryValues;

/** The one consent of the demo: person 2 lets the bank read everything for a credit-easy loan, for a year. */
export function demoConsents(plan: SeedPlan): Consent[] {
  const grantedAt = plan.now;
  const expiresAt = new Date(grantedAt.getTime());
  expiresAt.setUTCFullYear(expiresAt.getUTCFullYear() + 1);
  return [{
    id: uuidFor(Rng.for(Stream.PLATFORM, 2000), 0x3_0000),
    personId: personId(2),
    institutionId: institutionId('FINANCIAL'),
    purpose: 'CREDIT_EASY_LOAN',
    categories: ALL_PERSON_CATEGORIES.join(','),
    grantedAt,
    expiresAt,
    revokedAt: null,
  }];
}
