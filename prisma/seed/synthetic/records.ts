/**
 * An enterprise's archive: one builder per kind of public credit record, each drawing from the
 * enterprise's own Rng (`Subject.rng`) in a fixed order.
 */
import type {
  AdministrativeLicense, AdministrativePenalty, Certificate, CreditCommitment, CreditRecord, Honor,
  IndustryEvaluation, Inspection, ListEntry,
} from '../../generated/enterprise/sqlite/client.ts';
import { addMonths, isoOf, newYear, yearOf } from '../dates.ts';
import { Rng, Weighted } from '../prng.ts';
import type { Industry } from '../vocabulary/industries.ts';
import { DEPT_DOC_ABBR, departmentName, type City, type DeptKind, type District } from '../vocabulary/places.ts';
import {
  BLACK_LISTS, CATALOG, CERTIFICATES, COMMITMENTS, EVALUATIONS, HONORS, INSPECTIONS, INSPECTION_RESULTS, LICENSES,
  LICENSE_INDEX, OTHER_RECORDS, PENALTIES, RED_LISTS, publicityMonths, type CertificateSpec, type EvaluationSpec,
  type HonorSpec, type InspectionSpec, type ListSpec, type NumberCtx, type PenaltyOption, type PenaltySpec,
} from '../vocabulary/records.ts';
import { byIndustry, dayBetween, fill } from './draws.ts';

const inspectionResultPick = new Weighted(INSPECTION_RESULTS);
const evaluationGradePicks = new Map<EvaluationSpec, Weighted<string>>(EVALUATIONS.map((e) => [e, new Weighted(e.grades)]));
const penaltiesFor = byIndustry(PENALTIES);
const penaltyIndex = new Map(PENALTIES.map((p, i) => [p, i]));
const penaltyOptionPicks = new Map(PENALTIES.map((p) => [p, new Weighted(p.options.map((o) => [o, o.weight] as const))]));
const inspectionsFor = byIndustry(INSPECTIONS);
const evaluationsFor = byIndustry(EVALUATIONS);
const honorsFor = byIndustry(HONORS);

/** Everything a record builder needs to know about its enterprise. */
export interface Subject {
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

/** The columns every archive record has, in the order the record builders spread them first. */
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

export function license(s: Subject, k: number): AdministrativeLicense | null {
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
    ...c,
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

export function penalty(s: Subject, k: number, choice: PenaltyChoice = {}): AdministrativePenalty {
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
    ...base,
    violation: spec.violation,
    legalBasis: spec.legalBasis,
    penaltyType: option.penaltyType,
    amount,
    publicityPeriodMonths: months,
    severity: option.severity,
    domain: spec.domain,
  };
}

export function listEntry(s: Subject, k: number, type: 'RED' | 'BLACK', opts: { specIndex?: number; repaired?: boolean } = {}): ListEntry {
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
    ...base,
    listType: type,
    listName: spec.listName,
    reason: fill(s.rng.pick(spec.reasons), { year: year - 1 }),
    listingAuthority: authority,
    listedOn: isoOf(listed),
    removedOn: removedOn === null ? null : isoOf(removedOn),
    basisRecordId: null,
  };
}

export function certificate(s: Subject, k: number, spec: CertificateSpec): Certificate {
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
    ...c,
    certificateType: spec.certificateType,
    certificateNumber: spec.number(numberCtx(s, decision)),
    issuer,
  };
}

export function inspection(s: Subject, k: number): Inspection {
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
    ...c,
    inspectionItem: spec.item,
    inspectedOn: isoOf(inspected),
    result: s.fresh ? '未发现问题' : inspectionResultPick.pick(s.rng),
    inspectingAuthority: authority,
  };
}

export function commitment(s: Subject, k: number): CreditCommitment {
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
    ...c,
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

export function evaluation(s: Subject, k: number): IndustryEvaluation | null {
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
    ...c,
    industry: s.industry.name,
    grade: s.fresh ? spec.grades[0]![0] : grade,
    evaluator: dept(s, spec.dept),
    year,
  };
}

export function honor(s: Subject, k: number): Honor {
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
    ...c,
    title: fill(spec.title, { city: s.city.name, district: s.district.name, province: s.city.province, year }),
    awardedBy,
    level: spec.level,
  };
}

export function otherRecord(s: Subject, k: number, index: number): CreditRecord | null {
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
    ...c,
    category: spec.category,
    title,
    content,
  };
}
