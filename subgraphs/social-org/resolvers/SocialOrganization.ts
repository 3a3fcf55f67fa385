import type { SocialOrganizationResolvers } from '../../../codegen/social-org.ts';
import type { SocialOrgListEntry } from '../../../prisma/generated/social-org/sqlite/client.ts';
import type { Context } from '../context.ts';
import { isListEntryInForce, isPublic, seesExpiredPenalties } from '../rules.ts';

/** The organisation's entries of one list type the caller may see, each marked in force or not. */
async function listEntries(uscc: string, listType: 'RED' | 'BLACK', { loaders, caller, today }: Context) {
  const all: SocialOrgListEntry[] = await loaders.listEntriesByUscc.load(uscc);
  const seesAll = seesExpiredPenalties(caller.principal);
  return all
    .filter((e) => e.listType === listType)
    .map((e) => ({ ...e, active: isListEntryInForce(e, today) }))
    .filter((e) => seesAll || e.active);
}

export const SocialOrganization: SocialOrganizationResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.socialOrgByUscc.load(ref.uscc),

  rating: ({ ratingGrade, ratingYear, ratingValidUntil }) =>
    ratingGrade !== null && ratingYear !== null && ratingValidUntil !== null
      ? { grade: ratingGrade, year: ratingYear, validUntil: ratingValidUntil }
      : null,

  annualInspections: (org, _args, { loaders }) => loaders.inspectionsByUscc.load(org.uscc),

  /** Penalties past their publicity period or withdrawn: government institutions and operators only. */
  async penalties(org, _args, { loaders, caller, today }) {
    const penalties = await loaders.penaltiesByUscc.load(org.uscc);
    return seesExpiredPenalties(caller.principal) ? penalties : penalties.filter((p) => isPublic(p, today));
  },

  honors: (org, _args, { loaders }) => loaders.honorsByUscc.load(org.uscc),

  redList: (org, _args, ctx) => listEntries(org.uscc, 'RED', ctx),
  blackList: (org, _args, ctx) => listEntries(org.uscc, 'BLACK', ctx),
};
