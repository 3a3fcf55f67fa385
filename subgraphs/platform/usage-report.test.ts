import { describe, expect, it } from '@jest/globals';
import { formatCst } from '../../lib/time.ts';
import { bucketStart, bucketize, nextBucketStart, summarize, usageRange, type HourlyUsage } from './usage-report.ts';

const d = (iso: string) => new Date(iso);
const iso = (date: Date) => date.toISOString();
const hour = (at: string, requests: number): HourlyUsage =>
  ({ hourStart: d(at), requests, archivePulls: 0, personRecordPulls: 0, rejected: 0, totalLatencyMs: 0, cachedRequests: 0, reports: 0 });

describe('CST buckets', () => {
  it.each([
    ['2026-03-01T15:59:59.999Z', 'DAY', '2026-02-28T16:00:00.000Z'],
    ['2026-03-01T16:00:00.000Z', 'DAY', '2026-03-01T16:00:00.000Z'],
    ['2026-03-31T15:59:59.999Z', 'MONTH', '2026-02-28T16:00:00.000Z'],
    ['2026-03-31T16:00:00.000Z', 'MONTH', '2026-03-31T16:00:00.000Z'],
    ['2026-12-31T16:00:00.000Z', 'MONTH', '2026-12-31T16:00:00.000Z'], // 1 January 2027 CST
    ['2026-12-31T15:00:00.000Z', 'MONTH', '2026-11-30T16:00:00.000Z'],
    ['2026-03-01T15:42:10.000Z', 'HOUR', '2026-03-01T15:00:00.000Z'],
    ['1969-12-31T10:00:00.000Z', 'DAY', '1969-12-30T16:00:00.000Z'], // before the epoch: still floors
  ] as const)('puts %s in the %s starting %s', (at, granularity, start) => {
    expect(iso(bucketStart(d(at), granularity))).toBe(start);
  });

  it('steps months of 29, 30 and 31 days and across the year end', () => {
    const starts: string[] = [];
    for (let s = d('2027-12-31T16:00:00Z'), i = 0; i < 4; i++, s = nextBucketStart(s, 'MONTH')) starts.push(formatCst(s));
    expect(starts).toEqual(['2028-01-01T00:00:00+08:00', '2028-02-01T00:00:00+08:00', '2028-03-01T00:00:00+08:00', '2028-04-01T00:00:00+08:00']);
  });

  it('writes instants in CST with the +08:00 offset', () => {
    expect(formatCst(d('2026-02-28T16:00:00Z'))).toBe('2026-03-01T00:00:00+08:00');
  });
});

describe('usageRange', () => {
  it('widens to whole buckets and leaves a range already on boundaries alone', () => {
    expect(usageRange(d('2026-03-01T10:00:00Z'), d('2026-03-05T00:00:00Z'), 'DAY')).toEqual({
      from: d('2026-02-28T16:00:00Z'), to: d('2026-03-05T16:00:00Z'), granularity: 'DAY',
    });
    expect(usageRange(d('2026-02-28T16:00:00Z'), d('2026-03-31T16:00:00Z'), 'MONTH')).toEqual({
      from: d('2026-02-28T16:00:00Z'), to: d('2026-03-31T16:00:00Z'), granularity: 'MONTH',
    });
  });

  it('names the limit it enforces in the error', () => {
    expect(() => usageRange(d('2026-03-01T00:00:00Z'), d('2026-04-02T00:00:00Z'), 'HOUR'))
      .toThrow(expect.objectContaining({ message: 'a HOUR report spans at most 31 days; got 32.00', extensions: { code: 'BAD_USER_INPUT', reason: 'USAGE_RANGE' } }));
  });
});

describe('bucketize and summarize', () => {
  it('drops rows outside the range and keeps totals equal to the buckets', () => {
    const range = usageRange(d('2026-03-01T00:00:00+08:00'), d('2026-03-03T00:00:00+08:00'), 'DAY');
    const rows = [hour('2026-02-28T15:00:00Z', 1), hour('2026-02-28T16:00:00Z', 2), hour('2026-03-02T15:00:00Z', 4), hour('2026-03-02T16:00:00Z', 8)];
    expect(bucketize(range, rows).map((b) => [iso(b.start), b.requests])).toEqual([
      ['2026-02-28T16:00:00.000Z', 2], ['2026-03-01T16:00:00.000Z', 4],
    ]);
    expect(summarize(range, rows)).toMatchObject({ requests: 6, averageLatencyMs: 0 });
  });
});
