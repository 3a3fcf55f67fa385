/**
 * Social organisation `k`: registration, annual inspections, the odd penalty and honour.
 */
import type {
  AnnualInspection, SocialOrganization, SocialOrgHonor, SocialOrgPenalty,
} from '../../generated/social-org/sqlite/client.ts';
import { addMonths, isoOf, newYear, yearOf } from '../dates.ts';
import { Rng, Stream, Weighted } from '../prng.ts';
import { TRADE_NAME_CHARS } from '../vocabulary/industries.ts';
import {
  ANNUAL_INSPECTION_RESULTS, SOCIAL_ORG_HONORS, SOCIAL_ORG_PENALTIES, SOCIAL_ORG_RATINGS, SOCIAL_ORG_TYPES,
} from '../vocabulary/organizations.ts';
import { departmentName } from '../vocabulary/places.ts';
import { CATALOG } from '../vocabulary/records.ts';
import { dayBetween, districtPick, fill } from './draws.ts';
import { socialOrgUscc } from './identifiers.ts';
import type { SeedPlan } from './plan.ts';

const socialTypePick = new Weighted(SOCIAL_ORG_TYPES.map((t) => [t, t.weight] as const));
const ratingPick = new Weighted(SOCIAL_ORG_RATINGS);
const annualResultPick = new Weighted(ANNUAL_INSPECTION_RESULTS);

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
      catalogItemCode: CATALOG.SOCIAL_ORG_PENALTY,
      withdrawnOn: null,
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
