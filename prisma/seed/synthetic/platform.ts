/**
 * The platform's demo data: one institution per kind, the operator, and the demo's one consent.
 */
import { PersonDataCategoryValues } from '../../../codegen/enums.ts';
import type { InstitutionKind } from '../../../lib/caller.ts';
import type { Consent } from '../../generated/person/sqlite/client.ts';
import type { Institution } from '../../generated/platform/sqlite/client.ts';
import { Rng, Stream } from '../prng.ts';
import { DEMO_INSTITUTIONS } from '../vocabulary/organizations.ts';
import { personId, uuidFor } from './identifiers.ts';
import type { SeedPlan } from './plan.ts';

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
    monitoring: false,
    grantedAt,
    expiresAt,
    revokedAt: null,
  }];
}
