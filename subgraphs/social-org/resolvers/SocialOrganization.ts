import type { SocialOrganizationResolvers } from '../../../codegen/social-org.ts';
import { inPublicity, seesExpiredPenalties } from '../rules.ts';

export const SocialOrganization: SocialOrganizationResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.socialOrgByUscc.load(ref.uscc),

  rating: ({ ratingGrade, ratingYear, ratingValidUntil }) =>
    ratingGrade !== null && ratingYear !== null && ratingValidUntil !== null
      ? { grade: ratingGrade, year: ratingYear, validUntil: ratingValidUntil }
      : null,

  annualInspections: (org, _args, { loaders }) => loaders.inspectionsByUscc.load(org.uscc),

  /** Penalties past their publicity period: government institutions and operators only. */
  async penalties(org, _args, { loaders, caller, today }) {
    const penalties = await loaders.penaltiesByUscc.load(org.uscc);
    return seesExpiredPenalties(caller.principal) ? penalties : penalties.filter((p) => inPublicity(p, today));
  },

  honors: (org, _args, { loaders }) => loaders.honorsByUscc.load(org.uscc),
};
