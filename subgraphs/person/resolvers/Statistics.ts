/** creditStatistics (issue 16): persons' objections, added to the enterprise subgraph's entity by its key. */
import type { CreditStatisticsResolvers } from '../../../codegen/person.ts';
import { foldWorkflow, requireStatisticsCaller, statisticsKey, windowOfKey } from '../../../lib/statistics.ts';
import { personObjectionFigures } from '../db/statistics.ts';

export const CreditStatistics: CreditStatisticsResolvers = {
  __resolveReference: (ref, ctx) => {
    requireStatisticsCaller(ctx.caller.principal);
    return windowOfKey(ref.key);
  },
  key: (w) => statisticsKey(w),
  personObjections: async (w, _args, ctx) => {
    const { groups, days } = await personObjectionFigures(ctx.db, w.fromInstant, w.toInstant, ctx.today);
    return foldWorkflow(groups, days, w);
  },
};
