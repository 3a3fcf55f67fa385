/**
 * dataQuality against a known load: two deliveries on two CST days, with rejections, a legacy
 * code, a late record and a correction, and who may read which department's figures.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '../../lib/caller.ts';
import { civil, eco, legacyUscc, penalty, SUBMIT } from './collection/test-support.ts';
import { insertArchive } from './db/index.ts';
import { enterpriseRow, movableClock, operator, startTestSubgraph, type TestSubgraph } from './test-support.ts';

const QUALITY = `query($d: String, $from: Date!, $to: Date!) { dataQuality(department: $d, from: $from, to: $to) {
  department item submitted accepted updated unchanged rejected withdrawn rejectedByReason { reason count }
  usccErrorRate timeliness averageLagDays cyclesDelivered cyclesExpected compliance } }`;

// 23:30 CST on 10 June is still 10 June in China (15:30Z): the day a delivery counts for is CST's.
const clock = movableClock('2025-06-10T23:30:00+08:00');
let sg: TestSubgraph;

type Body = { data?: Record<string, any> | null; errors?: { extensions?: Record<string, unknown> }[] };
const query = async (caller: Principal, q: string, variables: Record<string, unknown>) => (await sg.query(caller, q, variables)).body as Body;

beforeAll(async () => {
  sg = await startTestSubgraph({ now: clock.now });
  await insertArchive(sg.db, { enterprises: [enterpriseRow(1), enterpriseRow(2, { uscc: legacyUscc(2), usccCheckDigitValid: false })] });
  const day1 = await query(eco, SUBMIT, { item: 'FR-CF-001', records: [
    penalty('a', { decisionDate: '2025-06-08' }), // 2 days: on time (deadline 7)
    penalty('b', { decisionDate: '2025-05-01' }), // 40 days: late
    penalty('c', { decisionDate: '2025-06-10', uscc: legacyUscc(2) }), // 0 days, a legacy code kept
    penalty('d', { uscc: 'NOT-A-CODE' }),
    penalty('e', { violation: null }),
  ] });
  expect(day1.data!.submitRecords).toMatchObject({ accepted: 3, rejected: 2 });
  clock.set('2025-06-12T09:00:00+08:00');
  const day3 = await query(eco, SUBMIT, { item: 'FR-CF-001', records: [
    penalty('a', { decisionDate: '2025-06-08' }), // unchanged: not timed again
    penalty('b', { decisionDate: '2025-05-01', amount: 1000 }), // updated: 42 days, late
  ] });
  expect(day3.data!.submitRecords).toMatchObject({ unchanged: 1, updated: 1 });
  clock.set('2025-06-20T09:00:00+08:00');
});
afterAll(() => sg?.stop());

describe('dataQuality', () => {
  it('reports a department\'s own figures against the load it sent', async () => {
    const body = await query(eco, QUALITY, { from: '2025-06-10', to: '2025-06-14' });
    expect(body.errors).toBeUndefined();
    const rows = body.data!.dataQuality as Array<Record<string, unknown>>;
    expect(rows.map((r) => r.item)).toEqual(['FR-CF-001', 'FR-SSJ-001', 'FR-XK-001']);
    expect(rows[0]).toEqual({
      department: 'eco', item: 'FR-CF-001', submitted: 7, accepted: 3, updated: 1, unchanged: 1, rejected: 2, withdrawn: 0,
      rejectedByReason: [{ reason: 'MISSING_FIELD', count: 1 }, { reason: 'USCC_FORMAT', count: 1 }],
      usccErrorRate: 2 / 7, timeliness: 2 / 4, averageLagDays: (2 + 40 + 0 + 42) / 4,
      cyclesDelivered: 2, cyclesExpected: 5, compliance: 0.4,
    });
    // Items it delivered nothing of: no figures, and no cycle met (inspections are weekly: one week).
    expect(rows[1]).toMatchObject({ item: 'FR-SSJ-001', submitted: 0, usccErrorRate: 0, timeliness: null, cyclesExpected: 1, compliance: 0 });
    expect(rows[2]).toMatchObject({ item: 'FR-XK-001', cyclesDelivered: 0, cyclesExpected: 5, compliance: 0 });
  });

  it('counts only the days asked for, in China Standard Time', async () => {
    const rows = (await query(eco, QUALITY, { from: '2025-06-11', to: '2025-06-12' })).data!.dataQuality;
    expect(rows[0]).toMatchObject({ item: 'FR-CF-001', submitted: 2, updated: 1, unchanged: 1, cyclesDelivered: 1, cyclesExpected: 2, compliance: 0.5 });
  });

  it('shows an operator every department, or the one named, and refuses a department another\'s', async () => {
    const all = (await query(operator, QUALITY, { from: '2025-06-10', to: '2025-06-14' })).data!.dataQuality as Array<{ department: string; submitted: number }>;
    expect(new Set(all.map((r) => r.department))).toEqual(new Set(['samr', 'eco', 'emergency', 'housing', 'fire', 'tax', 'hrss', 'transport', 'health', 'court', 'drc', 'commerce', 'credit']));
    expect(all.reduce((n, r) => n + r.submitted, 0)).toBe(7);
    const named = (await query(operator, QUALITY, { d: 'eco', from: '2025-06-10', to: '2025-06-14' })).data!.dataQuality;
    expect(named).toHaveLength(3);
    const refused = await query(civil, QUALITY, { d: 'eco', from: '2025-06-10', to: '2025-06-14' });
    expect(refused.data).toEqual({ dataQuality: null });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a range backwards or over a year', async () => {
    expect((await query(eco, QUALITY, { from: '2025-06-14', to: '2025-06-10' })).errors?.[0]?.extensions?.reason).toBe('QUALITY_RANGE');
    expect((await query(eco, QUALITY, { from: '2024-01-01', to: '2025-06-10' })).errors?.[0]?.extensions?.reason).toBe('QUALITY_RANGE');
    expect((await query(eco, QUALITY, { from: '2025-6-1', to: '2025-06-10' })).errors?.[0]?.extensions?.reason).toBe('DATE_FORMAT');
  });
});
