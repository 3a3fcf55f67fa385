/**
 * Enterprise `i`: its registration and its archive (./records.ts) and loans (./finance.ts).
 */
import type {
  AdministrativeLicense, AdministrativePenalty, Certificate, CreditCommitment, CreditRecord, Enterprise, Honor,
  IndustryEvaluation, Inspection, ListEntry,
} from '../../generated/enterprise/sqlite/client.ts';
import type { CreditEasyLoan } from '../../generated/finance/sqlite/client.ts';
import { addMonths, isoOf } from '../dates.ts';
import { Rng, Stream, Weighted } from '../prng.ts';
import {
  ENTITY_TYPES, INDUSTRIES, REGISTRATION_STATUSES, TRADE_NAME_CHARS, type EntityType, type Industry,
} from '../vocabulary/industries.ts';
import { BUILDINGS, ROADS, type City, type District } from '../vocabulary/places.ts';
import { CERTIFICATES, OTHER_RECORDS, PENALTIES } from '../vocabulary/records.ts';
import { byIndustry, districtPick } from './draws.ts';
import { loan } from './finance.ts';
import { enterpriseUscc, personId } from './identifiers.ts';
import { DEMO_COUNT, type SeedPlan } from './plan.ts';
import {
  certificate, commitment, evaluation, honor, inspection, license, listEntry, otherRecord, penalty, type Subject,
} from './records.ts';

const industryPick = new Weighted(INDUSTRIES.map((s) => [s, s.weight] as const));
const entityTypePick = new Weighted(ENTITY_TYPES.map((t) => [t, t.weight] as const));
const statusPick = new Weighted(REGISTRATION_STATUSES);
const capitalPick = new Weighted<number>([
  [10, 8], [30, 6], [50, 10], [100, 18], [200, 12], [300, 8], [500, 12], [1000, 12], [2000, 6], [5000, 5], [10000, 3],
]);
const extraCertificatesFor = byIndustry(CERTIFICATES.slice(1));

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
