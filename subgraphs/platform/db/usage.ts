/**
 * Reads of the usage the gateway meters (UsageBucket per institution and hour, UsageOperation per
 * institution, hour and document): sums are taken in SQL per hour; `usage-report.ts` buckets them.
 */
import type { Prisma } from '../../../prisma/generated/platform/sqlite/client.ts';
import type { HourlyUsage } from '../usage-report.ts';
import type { Db, Tx } from './client.ts';

export interface UsageScope {
  /** null: every institution. */
  institutionId: string | null;
  from: Date;
  /** Exclusive. */
  to: Date;
}

const where = ({ institutionId, from, to }: UsageScope) => ({
  ...(institutionId === null ? {} : { institutionId }),
  hourStart: { gte: from, lt: to },
});

type Sums = { requests: number | null; archivePulls: number | null; personRecordPulls: number | null; rejected: number | null; totalLatencyMs: number | null; cachedRequests: number | null; reports: number | null };
const SUM = { requests: true, archivePulls: true, personRecordPulls: true, rejected: true, totalLatencyMs: true, cachedRequests: true, reports: true } as const;

const hourly = (hourStart: Date, s: Sums): HourlyUsage => ({
  hourStart,
  requests: s.requests ?? 0,
  archivePulls: s.archivePulls ?? 0,
  personRecordPulls: s.personRecordPulls ?? 0,
  rejected: s.rejected ?? 0,
  totalLatencyMs: s.totalLatencyMs ?? 0,
  cachedRequests: s.cachedRequests ?? 0,
  reports: s.reports ?? 0,
});

/** Usage per hour of the scope, summed over institutions when it names none; oldest first. */
export async function hourlyUsage(db: Tx, scope: UsageScope): Promise<HourlyUsage[]> {
  const rows = await db.prisma.usageBucket.groupBy({
    by: ['hourStart'], where: where(scope), _sum: SUM, orderBy: { hourStart: 'asc' },
  });
  return rows.map((r) => hourly(r.hourStart, r._sum));
}

/** Usage per institution and hour (CSV export), by institution id then hour. */
export async function hourlyUsageByInstitution(db: Tx, scope: UsageScope): Promise<(HourlyUsage & { institutionId: string })[]> {
  const rows = await db.prisma.usageBucket.groupBy({
    by: ['institutionId', 'hourStart'], where: where(scope), _sum: SUM,
    orderBy: [{ institutionId: 'asc' }, { hourStart: 'asc' }],
  });
  return rows.map((r) => ({ institutionId: r.institutionId, ...hourly(r.hourStart, r._sum) }));
}

export interface OperationSummary {
  operationHash: string;
  operationName: string | null;
  /** Sorted `Type.field` coordinates. */
  fields: string[];
  requests: number;
  archivePulls: number;
}

/**
 * The `first` operation documents run most in the scope (ties: most archive pulls, then hash), in
 * two statements: the sums per document, then the names and fields of those documents.
 */
export async function topOperations(db: Tx, scope: UsageScope, first: number): Promise<OperationSummary[]> {
  if (first <= 0) return [];
  const top = await db.prisma.usageOperation.groupBy({
    by: ['operationHash'],
    where: where(scope),
    _sum: { requests: true, archivePulls: true },
    orderBy: [{ _sum: { requests: 'desc' } }, { _sum: { archivePulls: 'desc' } }, { operationHash: 'asc' }],
    take: first,
  });
  if (top.length === 0) return [];
  const described = await db.prisma.usageOperation.groupBy({
    by: ['operationHash', 'operationName', 'fields'],
    where: { ...where(scope), operationHash: { in: top.map((t) => t.operationHash) } },
    orderBy: [{ operationHash: 'asc' }, { operationName: 'asc' }, { fields: 'asc' }],
  });
  const names = new Map<string, string | null>();
  const fields = new Map<string, Set<string>>();
  for (const d of described) {
    if (!names.get(d.operationHash)) names.set(d.operationHash, d.operationName);
    const set = fields.get(d.operationHash) ?? new Set<string>();
    for (const f of d.fields.split(' ')) if (f) set.add(f);
    fields.set(d.operationHash, set);
  }
  return top.map((t) => ({
    operationHash: t.operationHash,
    operationName: names.get(t.operationHash) ?? null,
    fields: [...(fields.get(t.operationHash) ?? [])].sort(),
    requests: t._sum.requests ?? 0,
    archivePulls: t._sum.archivePulls ?? 0,
  }));
}
