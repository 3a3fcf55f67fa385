/**
 * Usage reports, shared by `Query.usage` and the operator CLI's CSV export: the range checks, the
 * buckets (hours; days and months in China Standard Time, UTC+8, no daylight saving) and the sums.
 * The database keeps one row per institution and UTC hour; every CST day and month is a whole
 * number of those hours, so hourly rows fall into exactly one bucket.
 */
import { badUserInput } from '../../lib/errors.ts';
import { cstDayStart, cstMonthStart, DAY_MS, HOUR_MS, hourStart, nextCstMonthStart } from '../../lib/time.ts';

export type Granularity = 'HOUR' | 'DAY' | 'MONTH';
export const GRANULARITIES: readonly Granularity[] = ['HOUR', 'DAY', 'MONTH'];

export const MAX_RANGE_DAYS = 366;
export const MAX_HOUR_RANGE_DAYS = 31;

/** First instant of the bucket (of this granularity) holding `at`. */
export function bucketStart(at: Date, granularity: Granularity): Date {
  switch (granularity) {
    case 'HOUR': return hourStart(at);
    case 'DAY': return cstDayStart(at);
    case 'MONTH': return cstMonthStart(at);
  }
}

/** First instant of the bucket after the one starting at `start`. */
export function nextBucketStart(start: Date, granularity: Granularity): Date {
  switch (granularity) {
    case 'HOUR': return new Date(start.getTime() + HOUR_MS);
    case 'DAY': return new Date(start.getTime() + DAY_MS);
    case 'MONTH': return nextCstMonthStart(start);
  }
}

export interface UsageRange {
  /** Start of the first bucket. */
  from: Date;
  /** End of the last bucket (exclusive). */
  to: Date;
  granularity: Granularity;
}

/**
 * Checks the range asked for (BAD_USER_INPUT, reason USAGE_RANGE) and widens it to whole buckets:
 * `from` down to the start of its bucket, `to` up to the next bucket boundary.
 */
export function usageRange(from: Date, to: Date, granularity: Granularity): UsageRange {
  if (!(GRANULARITIES as readonly string[]).includes(granularity)) {
    throw badUserInput('USAGE_GRANULARITY', `granularity must be one of ${GRANULARITIES.join(', ')}; got ${JSON.stringify(granularity)}`);
  }
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
    throw badUserInput('USAGE_RANGE', 'from and to must be ISO 8601 instants');
  }
  if (to.getTime() <= from.getTime()) {
    throw badUserInput('USAGE_RANGE', `to must be after from; got from ${from.toISOString()}, to ${to.toISOString()}`);
  }
  const maxDays = granularity === 'HOUR' ? MAX_HOUR_RANGE_DAYS : MAX_RANGE_DAYS;
  if (to.getTime() - from.getTime() > maxDays * DAY_MS) {
    throw badUserInput('USAGE_RANGE', `a ${granularity} report spans at most ${maxDays} days; ` +
      `got ${((to.getTime() - from.getTime()) / DAY_MS).toFixed(2)}`);
  }
  const start = bucketStart(from, granularity);
  const lastStart = bucketStart(new Date(to.getTime() - 1), granularity);
  return { from: start, to: nextBucketStart(lastStart, granularity), granularity };
}

export interface UsageCounts {
  requests: number;
  archivePulls: number;
  personRecordPulls: number;
  rejected: number;
  /** Of the requests, those answered from the gateway's response cache. */
  cachedRequests: number;
  /** Credit reports issued (issue 15), apart from archive pulls. */
  reports: number;
}

/** One hour of usage as the database sums it (one institution, or several summed). */
export interface HourlyUsage extends UsageCounts {
  hourStart: Date;
  totalLatencyMs: number;
}

export interface Bucket extends UsageCounts {
  start: Date;
}

const zero = (): UsageCounts => ({ requests: 0, archivePulls: 0, personRecordPulls: 0, rejected: 0, cachedRequests: 0, reports: 0 });

function add(into: UsageCounts, c: UsageCounts): void {
  into.requests += c.requests;
  into.archivePulls += c.archivePulls;
  into.personRecordPulls += c.personRecordPulls;
  into.rejected += c.rejected;
  into.cachedRequests += c.cachedRequests;
  into.reports += c.reports;
}

/** Every bucket of the range, in order, empty ones included; rows outside the range are ignored. */
export function bucketize(range: UsageRange, rows: readonly HourlyUsage[]): Bucket[] {
  const buckets: Bucket[] = [];
  const index = new Map<number, Bucket>();
  for (let s = range.from; s < range.to; s = nextBucketStart(s, range.granularity)) {
    const bucket = { start: s, ...zero() };
    buckets.push(bucket);
    index.set(s.getTime(), bucket);
  }
  for (const row of rows) {
    const bucket = index.get(bucketStart(row.hourStart, range.granularity).getTime());
    if (bucket) add(bucket, row);
  }
  return buckets;
}

export interface UsageSummary extends UsageCounts {
  range: UsageRange;
  buckets: Bucket[];
  averageLatencyMs: number | null;
}

/** Buckets and totals; the totals are the sums of the buckets, by construction. */
export function summarize(range: UsageRange, rows: readonly HourlyUsage[]): UsageSummary {
  const buckets = bucketize(range, rows);
  const totals = zero();
  for (const b of buckets) add(totals, b);
  let latency = 0;
  for (const row of rows) {
    if (row.hourStart >= range.from && row.hourStart < range.to) latency += row.totalLatencyMs;
  }
  return { range, buckets, ...totals, averageLatencyMs: totals.requests > 0 ? latency / totals.requests : null };
}

/** What `Query.usage` resolves to; `UsageReport.operations` reads the scope from it. */
export interface UsageReportSource extends UsageCounts {
  /** null: every institution, summed. */
  institutionId: string | null;
  from: Date;
  to: Date;
  granularity: Granularity;
  averageLatencyMs: number | null;
  buckets: Bucket[];
}

export function usageReport(institutionId: string | null, summary: UsageSummary): UsageReportSource {
  const { range, buckets, requests, archivePulls, personRecordPulls, rejected, cachedRequests, reports, averageLatencyMs } = summary;
  return {
    institutionId, from: range.from, to: range.to, granularity: range.granularity,
    requests, archivePulls, personRecordPulls, rejected, cachedRequests, reports, averageLatencyMs, buckets,
  };
}
