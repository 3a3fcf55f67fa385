/**
 * Query.usage over a real platform subgraph and a temp SQLite database: CST days and months,
 * whole-bucket ranges, totals equal to the buckets, who sees whose usage, the top operations.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Principal } from '../../lib/caller.ts';
import { createInstitution } from './db/institutions.ts';
import { startTestSubgraph, type GraphQLResponse, type TestSubgraph } from './test-support.ts';

const OPERATOR: Principal = { kind: 'OPERATOR', operatorId: 'op-1' };
const BANK: Principal = { kind: 'INSTITUTION', institutionId: 'inst-bank', institutionKind: 'FINANCIAL', institutionName: '甲商业银行', scopes: [] };
const GOV: Principal = { kind: 'INSTITUTION', institutionId: 'inst-gov', institutionKind: 'GOVERNMENT', institutionName: '市场监督管理局', scopes: [] };
const PERSON: Principal = { kind: 'PERSON', personId: 'person-opaque-1' };
const ENTERPRISE: Principal = { kind: 'ENTERPRISE', uscc: '91330500MA2B3C4D5E' };
const ANONYMOUS: Principal = { kind: 'ANONYMOUS' };

interface Hour { at: string; requests: number; archivePulls?: number; personRecordPulls?: number; rejected?: number; latency?: number }

/** Bank usage around the CST midnight of 1→2 March and the CST month end of March→April. */
const BANK_HOURS: Hour[] = [
  { at: '2026-02-28T15:00:00Z', requests: 1 }, // 28 Feb 23:00 CST: before the March report
  { at: '2026-02-28T16:00:00Z', requests: 2, archivePulls: 1, latency: 40 }, // 1 Mar 00:00 CST
  { at: '2026-03-01T15:00:00Z', requests: 3, personRecordPulls: 2, latency: 30 }, // 1 Mar 23:00 CST
  { at: '2026-03-01T16:00:00Z', requests: 5, archivePulls: 4, rejected: 1, latency: 50 }, // 2 Mar 00:00 CST
  { at: '2026-03-31T15:00:00Z', requests: 7, rejected: 2 }, // 31 Mar 23:00 CST
  { at: '2026-03-31T16:00:00Z', requests: 11, archivePulls: 3 }, // 1 Apr 00:00 CST
];
const GOV_HOURS: Hour[] = [
  { at: '2026-03-01T15:00:00Z', requests: 100, archivePulls: 10 },
  { at: '2026-03-02T02:00:00Z', requests: 200, personRecordPulls: 20 },
];

const Q = `query ($from: DateTime!, $to: DateTime!, $granularity: UsageGranularity, $institutionId: ID, $first: Int) {
  usage(from: $from, to: $to, granularity: $granularity, institutionId: $institutionId) {
    institutionId from to granularity requests archivePulls personRecordPulls rejected averageLatencyMs
    buckets { start requests archivePulls personRecordPulls rejected }
    operations(first: $first) { operationHash operationName fields requests archivePulls }
  }
}`;
const TOTALS_ONLY = `query ($from: DateTime!, $to: DateTime!, $granularity: UsageGranularity, $institutionId: ID) {
  usage(from: $from, to: $to, granularity: $granularity, institutionId: $institutionId) {
    institutionId from to granularity requests archivePulls personRecordPulls rejected buckets { start requests }
  }
}`;

interface Report {
  institutionId: string | null; from: string; to: string; granularity: string;
  requests: number; archivePulls: number; personRecordPulls: number; rejected: number; averageLatencyMs: number | null;
  buckets: { start: string; requests: number; archivePulls: number; personRecordPulls: number; rejected: number }[];
  operations?: { operationHash: string; operationName: string | null; fields: string[]; requests: number; archivePulls: number }[];
}

const bucket = (start: string, requests = 0, archivePulls = 0, personRecordPulls = 0, rejected = 0) =>
  ({ start, requests, archivePulls, personRecordPulls, rejected });

let sg: TestSubgraph;

beforeAll(async () => {
  sg = await startTestSubgraph();
  await createInstitution(sg.db, { id: 'inst-bank', name: '甲商业银行', kind: 'FINANCIAL' });
  await createInstitution(sg.db, { id: 'inst-gov', name: '市场监督管理局', kind: 'GOVERNMENT' });
  const rows = (institutionId: string, hours: Hour[]) => hours.map((h) => ({
    institutionId, hourStart: new Date(h.at), requests: h.requests, archivePulls: h.archivePulls ?? 0,
    personRecordPulls: h.personRecordPulls ?? 0, rejected: h.rejected ?? 0, totalLatencyMs: (h.latency ?? 0) * h.requests,
  }));
  await sg.db.prisma.usageBucket.createMany({ data: [...rows('inst-bank', BANK_HOURS), ...rows('inst-gov', GOV_HOURS)] });
  const op = (institutionId: string, at: string, operationHash: string, operationName: string | null, fields: string, requests: number, archivePulls = 0) =>
    ({ institutionId, hourStart: new Date(at), operationHash, operationName, fields, requests, archivePulls, personRecordPulls: 0, rejected: 0 });
  await sg.db.prisma.usageOperation.createMany({
    data: [
      op('inst-bank', '2026-02-28T16:00:00Z', 'a'.repeat(64), 'Archive', 'Enterprise.licenses Query.enterprise', 2, 1),
      op('inst-bank', '2026-03-01T16:00:00Z', 'a'.repeat(64), 'Archive', 'Enterprise.penalties Query.enterprise', 3, 4),
      op('inst-bank', '2026-03-01T15:00:00Z', 'b'.repeat(64), null, 'Query.person', 3),
      op('inst-bank', '2026-03-01T16:00:00Z', 'c'.repeat(64), 'Me', 'Query.me Viewer.kind', 1),
      op('inst-bank', '2026-02-28T15:00:00Z', 'd'.repeat(64), 'Before', 'Query.me', 1), // before the range
      op('inst-gov', '2026-03-01T15:00:00Z', 'e'.repeat(64), 'Gov', 'Query.enterprise', 100, 10),
    ],
  });
});

afterAll(async () => {
  await sg?.close();
});

beforeEach(() => sg.resetStatements());

async function usage(principal: Principal, variables: Record<string, unknown>, query = Q): Promise<GraphQLResponse> {
  const res = await sg.query(query, variables, principal);
  expect(res.status).toBe(200);
  return res.body;
}

const sumOf = (r: Report) => r.buckets.reduce((s, b) => ({
  requests: s.requests + b.requests, archivePulls: s.archivePulls + b.archivePulls,
  personRecordPulls: s.personRecordPulls + b.personRecordPulls, rejected: s.rejected + b.rejected,
}), { requests: 0, archivePulls: 0, personRecordPulls: 0, rejected: 0 });

describe('Query.usage buckets', () => {
  it('cuts DAY buckets at 00:00 CST (16:00Z the day before), so 23:00 and 00:00 CST fall on different days', async () => {
    const body = await usage(BANK, { from: '2026-03-01T00:00:00+08:00', to: '2026-03-03T00:00:00+08:00', granularity: 'DAY', first: 5 });
    expect(body).toEqual({
      data: {
        usage: {
          institutionId: 'inst-bank', from: '2026-02-28T16:00:00.000Z', to: '2026-03-02T16:00:00.000Z', granularity: 'DAY',
          requests: 10, archivePulls: 5, personRecordPulls: 2, rejected: 1, averageLatencyMs: (2 * 40 + 3 * 30 + 5 * 50) / 10,
          buckets: [
            bucket('2026-02-28T16:00:00.000Z', 5, 1, 2, 0),
            bucket('2026-03-01T16:00:00.000Z', 5, 4, 0, 1),
          ],
          operations: [
            { operationHash: 'a'.repeat(64), operationName: 'Archive', fields: ['Enterprise.licenses', 'Enterprise.penalties', 'Query.enterprise'], requests: 5, archivePulls: 5 },
            { operationHash: 'b'.repeat(64), operationName: null, fields: ['Query.person'], requests: 3, archivePulls: 0 },
            { operationHash: 'c'.repeat(64), operationName: 'Me', fields: ['Query.me', 'Viewer.kind'], requests: 1, archivePulls: 0 },
          ],
        },
      },
    });
  });

  it('cuts MONTH buckets at the first day 00:00 CST, so 31 March 23:00 CST is March and 1 April 00:00 CST is April', async () => {
    const body = await usage(BANK, { from: '2026-03-01T00:00:00+08:00', to: '2026-05-01T00:00:00+08:00', granularity: 'MONTH' }, TOTALS_ONLY);
    expect(body).toEqual({
      data: {
        usage: {
          institutionId: 'inst-bank', from: '2026-02-28T16:00:00.000Z', to: '2026-04-30T16:00:00.000Z', granularity: 'MONTH',
          requests: 28, archivePulls: 8, personRecordPulls: 2, rejected: 3,
          buckets: [{ start: '2026-02-28T16:00:00.000Z', requests: 17 }, { start: '2026-03-31T16:00:00.000Z', requests: 11 }],
        },
      },
    });
  });

  it('lists every HOUR, empty ones included, and widens a range that cuts an hour to whole hours', async () => {
    const body = await usage(BANK, { from: '2026-03-01T14:30:00Z', to: '2026-03-01T16:10:00Z', granularity: 'HOUR' }, TOTALS_ONLY);
    expect(body).toEqual({
      data: {
        usage: {
          institutionId: 'inst-bank', from: '2026-03-01T14:00:00.000Z', to: '2026-03-01T17:00:00.000Z', granularity: 'HOUR',
          requests: 8, archivePulls: 4, personRecordPulls: 2, rejected: 1,
          buckets: [
            { start: '2026-03-01T14:00:00.000Z', requests: 0 },
            { start: '2026-03-01T15:00:00.000Z', requests: 3 },
            { start: '2026-03-01T16:00:00.000Z', requests: 5 },
          ],
        },
      },
    });
  });

  it('defaults to DAY and widens a from/to inside a CST day to that whole day', async () => {
    const body = await usage(BANK, { from: '2026-03-01T20:00:00+08:00', to: '2026-03-01T21:00:00+08:00' }, TOTALS_ONLY);
    expect((body.data as { usage: Report }).usage).toMatchObject({
      granularity: 'DAY', from: '2026-02-28T16:00:00.000Z', to: '2026-03-01T16:00:00.000Z', requests: 5,
      buckets: [{ start: '2026-02-28T16:00:00.000Z', requests: 5 }],
    });
  });

  it.each<[string, string, string, number]>([
    ['HOUR', '2026-02-27T00:00:00Z', '2026-03-03T00:00:00Z', 11],
    ['DAY', '2026-02-01T00:00:00Z', '2026-12-31T00:00:00Z', 29],
    ['MONTH', '2026-02-01T00:00:00Z', '2026-12-31T00:00:00Z', 29],
  ])('gives totals equal to the sum of the %s buckets', async (granularity, from, to, bankRequests) => {
    const query = TOTALS_ONLY.replace('buckets { start requests }', 'buckets { start requests archivePulls personRecordPulls rejected }');
    for (const [who, expected] of [[BANK, bankRequests], [GOV, 300], [OPERATOR, bankRequests + 300]] as const) {
      const report = ((await usage(who, { from, to, granularity }, query)).data as { usage: Report }).usage;
      const { requests, archivePulls, personRecordPulls, rejected } = report;
      expect({ requests, archivePulls, personRecordPulls, rejected }).toEqual(sumOf(report));
      expect(requests).toBe(expected);
    }
  });

  it('reports averageLatencyMs null and zero buckets for a range without requests', async () => {
    const body = await usage(BANK, { from: '2025-01-01T00:00:00+08:00', to: '2025-01-03T00:00:00+08:00', granularity: 'DAY', first: 5 });
    expect((body.data as { usage: Report }).usage).toEqual({
      institutionId: 'inst-bank', from: '2024-12-31T16:00:00.000Z', to: '2025-01-02T16:00:00.000Z', granularity: 'DAY',
      requests: 0, archivePulls: 0, personRecordPulls: 0, rejected: 0, averageLatencyMs: null,
      buckets: [bucket('2024-12-31T16:00:00.000Z'), bucket('2025-01-01T16:00:00.000Z')],
      operations: [],
    });
  });
});

describe('Query.usage ranges', () => {
  it.each<[string, Record<string, unknown>]>([
    ['to equal to from', { from: '2026-03-01T00:00:00Z', to: '2026-03-01T00:00:00Z' }],
    ['to before from', { from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' }],
    ['more than 366 days', { from: '2026-01-01T00:00:00Z', to: '2027-01-02T00:00:01Z' }],
    ['more than 31 days of HOUR', { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:01Z', granularity: 'HOUR' }],
  ])('refuses %s with BAD_USER_INPUT USAGE_RANGE, reading nothing', async (_what, variables) => {
    const body = await usage(BANK, variables, TOTALS_ONLY);
    expect(body.data).toEqual({ usage: null });
    expect(body.errors).toEqual([expect.objectContaining({ path: ['usage'], extensions: { code: 'BAD_USER_INPUT', reason: 'USAGE_RANGE' } })]);
    expect(sg.statements).toEqual([]);
  });

  it('accepts exactly 366 days of DAY and 31 days of HOUR', async () => {
    const day = await usage(BANK, { from: '2026-01-01T00:00:00+08:00', to: '2027-01-02T00:00:00+08:00' }, TOTALS_ONLY);
    expect((day.data as { usage: Report }).usage.buckets).toHaveLength(366);
    const hour = await usage(BANK, { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z', granularity: 'HOUR' }, TOTALS_ONLY);
    expect((hour.data as { usage: Report }).usage.buckets).toHaveLength(31 * 24);
  });

  it('refuses operations(first:) outside 0 to 100 with BAD_USER_INPUT FIRST', async () => {
    const body = await usage(BANK, { from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z', first: 101 });
    expect(body.data).toEqual({ usage: null });
    expect(body.errors).toEqual([expect.objectContaining({ path: ['usage', 'operations'], extensions: { code: 'BAD_USER_INPUT', reason: 'FIRST' } })]);
  });
});

describe('Query.usage access', () => {
  const MARCH_2 = { from: '2026-03-02T00:00:00+08:00', to: '2026-03-03T00:00:00+08:00' };

  it('shows an institution its own usage, with or without its own id', async () => {
    const omitted = await usage(GOV, MARCH_2, TOTALS_ONLY);
    const named = await usage(GOV, { ...MARCH_2, institutionId: 'inst-gov' }, TOTALS_ONLY);
    expect(omitted).toEqual(named);
    expect(omitted).toEqual({
      data: {
        usage: {
          institutionId: 'inst-gov', from: '2026-03-01T16:00:00.000Z', to: '2026-03-02T16:00:00.000Z', granularity: 'DAY',
          requests: 200, archivePulls: 0, personRecordPulls: 20, rejected: 0, buckets: [{ start: '2026-03-01T16:00:00.000Z', requests: 200 }],
        },
      },
    });
  });

  it.each<[string, Principal, string | undefined]>([
    ['another institution', BANK, 'inst-gov'],
    ['an institution naming an id that does not exist', BANK, 'inst-none'],
    ['a person', PERSON, undefined],
    ['an enterprise', ENTERPRISE, undefined],
    ['the anonymous public', ANONYMOUS, undefined],
  ])('returns null with FORBIDDEN to %s, reading nothing', async (_who, principal, institutionId) => {
    const body = await usage(principal, { ...MARCH_2, institutionId }, TOTALS_ONLY);
    expect(body).toEqual({
      data: { usage: null },
      errors: [expect.objectContaining({ path: ['usage'], extensions: { code: 'FORBIDDEN' } })],
    });
    expect(sg.statements).toEqual([]);
  });

  it('shows an operator the institution it names', async () => {
    const body = await usage(OPERATOR, { ...MARCH_2, institutionId: 'inst-bank' }, TOTALS_ONLY);
    expect((body.data as { usage: Report }).usage).toMatchObject({ institutionId: 'inst-bank', requests: 5, rejected: 1 });
  });

  it('sums every institution for an operator who names none (institutionId null)', async () => {
    const body = await usage(OPERATOR, { from: '2026-03-01T00:00:00+08:00', to: '2026-03-03T00:00:00+08:00', first: 2 });
    expect((body.data as { usage: Report }).usage).toMatchObject({
      institutionId: null, requests: 310, archivePulls: 15, personRecordPulls: 22, rejected: 1,
      buckets: [bucket('2026-02-28T16:00:00.000Z', 105, 11, 2, 0), bucket('2026-03-01T16:00:00.000Z', 205, 4, 20, 1)],
      operations: [
        { operationHash: 'e'.repeat(64), operationName: 'Gov', fields: ['Query.enterprise'], requests: 100, archivePulls: 10 },
        { operationHash: 'a'.repeat(64), operationName: 'Archive', fields: ['Enterprise.licenses', 'Enterprise.penalties', 'Query.enterprise'], requests: 5, archivePulls: 5 },
      ],
    });
  });

  it('refuses an operator naming an unknown institution with BAD_USER_INPUT UNKNOWN_INSTITUTION', async () => {
    const body = await usage(OPERATOR, { ...MARCH_2, institutionId: 'inst-none' }, TOTALS_ONLY);
    expect(body).toEqual({
      data: { usage: null },
      errors: [expect.objectContaining({ path: ['usage'], extensions: { code: 'BAD_USER_INPUT', reason: 'UNKNOWN_INSTITUTION' } })],
    });
  });
});

describe('Query.usage cost', () => {
  it('reads one statement for totals and buckets, two more for the operations, whatever the range', async () => {
    await usage(BANK, { from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z' }, TOTALS_ONLY);
    expect(sg.statements).toHaveLength(1);
    sg.resetStatements();
    await usage(BANK, { from: '2026-01-01T00:00:00Z', to: '2026-12-31T00:00:00Z', first: 20 });
    expect(sg.statements).toHaveLength(3);
  });
});
