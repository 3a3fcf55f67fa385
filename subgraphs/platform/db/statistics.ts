/**
 * Platform usage for `creditStatistics` (issue 16): the usage buckets of the window summed per
 * kind of institution and CST month in one GROUP BY over the `hourStart` index (the buckets are
 * hours, so CST days and months are whole buckets).
 */
import type { DatabaseProvider } from '../../../lib/config.ts';
import { cstMonthSql, storedDateTime } from '../../../lib/db/dialect.ts';
import { select, type Query } from '../../../lib/db/reader.ts';
import type { Db } from './client.ts';

const queries = new Map<DatabaseProvider, Query>();
export function usageByKindQuery(provider: DatabaseProvider): Query {
  let q = queries.get(provider);
  if (!q) {
    q = select('platform.statistics.usageByKind', `
      SELECT i."kind" AS "kind", ${cstMonthSql(provider, 'u."hourStart"')} AS "month",
             SUM(u."requests") AS "requests", SUM(u."archivePulls") AS "archivePulls", SUM(u."personRecordPulls") AS "personRecordPulls"
      FROM "UsageBucket" u JOIN "Institution" i ON i."id" = u."institutionId"
      WHERE u."hourStart" >= $1 AND u."hourStart" < $2
      GROUP BY 1, 2`);
    queries.set(provider, q);
  }
  return q;
}

export interface KindMonthUsage { kind: string; month: string; requests: number; archivePulls: number; personRecordPulls: number }

export async function usageByKind(db: Db, from: Date, to: Date): Promise<KindMonthUsage[]> {
  const p = db.reader.provider;
  const rows = await db.reader.all<Record<string, unknown>>(usageByKindQuery(p), [storedDateTime(p, from), storedDateTime(p, to)]);
  return rows.map((r) => ({
    kind: r.kind as string, month: r.month as string,
    requests: Number(r.requests ?? 0), archivePulls: Number(r.archivePulls ?? 0), personRecordPulls: Number(r.personRecordPulls ?? 0),
  }));
}
