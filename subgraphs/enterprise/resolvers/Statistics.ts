/** creditStatistics (issue 16): the question resolves to its window; each field computes its part (statistics.ts). */
import type { CreditStatisticsResolvers, QueryResolvers } from '../../../codegen/enterprise.ts';
import { requireStatisticsCaller, statisticsKey, windowOfKey } from '../../../lib/statistics.ts';
import { ratingDistribution } from '../rating-distribution.ts';
import { creditStatistics, enterprises, lists, sanctions, seriousDishonesty, workflow } from '../statistics.ts';

export const statisticsQueries: Pick<QueryResolvers, 'creditStatistics'> = {
  creditStatistics: (_parent, args, ctx) => creditStatistics(ctx, args),
};

export const CreditStatistics: CreditStatisticsResolvers = {
  __resolveReference: (ref, ctx) => {
    requireStatisticsCaller(ctx.caller.principal);
    return windowOfKey(ref.key);
  },
  key: (w) => statisticsKey(w),
  regionCode: (w) => w.region,
  industryCode: (w) => w.industry,
  enterprises: (w, _args, ctx) => enterprises(ctx, w),
  grades: (w, _args, ctx) => ratingDistribution(ctx, { region: w.region, industry: w.industry }),
  lists: (w, _args, ctx) => lists(ctx, w),
  seriousDishonesty: (w, _args, ctx) => seriousDishonesty(ctx, w),
  objections: (w, _args, ctx) => workflow(ctx, w, 'objections'),
  repairs: (w, _args, ctx) => workflow(ctx, w, 'repairs'),
  sanctions: (w, _args, ctx) => sanctions(ctx, w),
};
