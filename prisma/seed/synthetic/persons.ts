/**
 * Person `j`: the ID number in clear (the seeder hashes and encrypts it), penalties, judgment
 * debtor cases, honours, volunteer service and the integrity score that follows from them.
 */
import { maskIdNumber, maskName } from '../../../lib/identifiers/masking.ts';
import type {
  JudgmentDebtorCase, Person, PersonHonor, PersonPenalty, VolunteerRecord,
} from '../../generated/person/sqlite/client.ts';
import { addMonths, dayOfCivil, isoOf, yearOf } from '../dates.ts';
import { Rng, Stream, Weighted } from '../prng.ts';
import {
  DEBT_OBLIGATIONS, FEMALE_GIVEN, INTEGRITY_GRADES, MALE_GIVEN, PERSON_HONORS, PERSON_PENALTIES, SURNAMES,
  VOLUNTEER_ACTIVITIES, VOLUNTEER_ORGS, type PersonPenaltySpec,
} from '../vocabulary/people.ts';
import { DEPT_DOC_ABBR, DISTRICTS, departmentName } from '../vocabulary/places.ts';
import { CATALOG, personPublicityMonths, type Severity } from '../vocabulary/records.ts';
import { dayBetween, districtPick, fill } from './draws.ts';
import { personId, personIdNumber } from './identifiers.ts';
import { DEMO_COUNT, type SeedPlan } from './plan.ts';

const surnamePick = new Weighted(SURNAMES);

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
 * maskName of lib/identifiers/masking.ts, without its grapheme segmentation for the names this generator
 * makes (two to four BMP Han characters, one grapheme each), which it would mask the same way.
 */
const HAN_NAME = /^[\u4e00-\u9fff]{2,4}$/;
/** The repair rules' class of a seeded penalty: one the vocabulary publishes only 3 months is minor. */
const severityOf = (spec: PersonPenaltySpec): Severity => (spec.months <= 3 ? 'MINOR' : 'GENERAL');

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
      // Published for its repair class's maximum (lib/catalogue/repair.json), so that repair, possible
      // after the minimum, shortens it: a minor penalty is no longer published only 3 months, the very
      // day repair first becomes possible (issue 16).
      publicityEndDate: isoOf(addMonths(decision, personPublicityMonths(severityOf(spec)).max)),
      status: 'PUBLISHED',
      underObjection: false,
      severity: severityOf(spec),
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
