/** creditStatistics (issue 16): queries by kind of institution, added to the enterprise subgraph's entity by its key. */
import type { CreditStatisticsResolvers } from '../../../codegen/platform.ts';
import { requireStatisticsCaller, statisticsKey, windowOfKey } from '../../../lib/statistics.ts';
import { usageByKind } from '../db/statistics.ts';

export const CreditStatistics: CreditStatisticsResolvers = {
  __resolveReference: (ref, ctx) => {
    requireStatisticsCaller(ctx.caller.principal);
    return windowOfKey(ref.key);
  },
  key: (w) => statisticsKey(w),
  async queriesByInstitutionKind(w, _args, ctx) {
    const rows = await usageByKind(ctx.db, w.fromInstant, w.toInstant);
    const kinds = [...new Set(rows.map((r) => r.kind))].map((kind) => {
      const own = rows.filter((r) => r.kind === kind);
      const sum = (f: 'requests' | 'archivePulls' | 'personRecordPulls') => own.reduce((s, r) => s + r[f], 0);
      return {
        kind, requests: sum('requests'), archivePulls: sum('archivePulls'), personRecordPulls: sum('personRecordPulls'),
        monthly: w.months.map((month) => ({ month, requests: own.find((r) => r.month === month)?.requests ?? 0 })),
      };
    });
    return kinds.sort((a, b) => b.requests - a.requests || a.kind.localeCompare(b.kind));
  },
};
