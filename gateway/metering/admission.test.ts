/**
 * Admission (./index.ts): the RateLimit headers' values, one bucket per anonymous IP, per bearer
 * subject and per institution, and the quotas' edges: the N-th pull admitted and the one after it
 * refused, `Retry-After` counted to the next midnight or month in China Standard Time, and the new
 * CST day or month admitting again. The clock is the test's; the database is never reached (admission
 * reads counts held in memory).
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { Principal } from '../../lib/caller.ts';
import { CreditGraphError } from '../../lib/errors.ts';
import { createLogger } from '../../lib/logger.ts';
import type { BucketUsage, OperationUsage, UsageStore } from '../platform-store.ts';
import type { Authenticated, InstitutionPlan } from '../authenticate.ts';
import { createMetering } from './index.ts';
import type { UsageLedger } from './usage-cluster.ts';

// Only a flush would reach the store: admission never does, and these tests never flush.
const noStore: UsageStore = {
  addUsage: async () => { throw new Error('admission must not write'); },
  archivePulls: async () => new Map(),
};

/** A usage store that keeps what a flush writes. */
function recordingStore() {
  const buckets: BucketUsage[] = [];
  const operations: OperationUsage[] = [];
  const store: UsageStore = {
    addUsage: async (b, o) => { buckets.push(...b); operations.push(...o); },
    archivePulls: async () => new Map(),
  };
  return { store, buckets, operations };
}
const logger = createLogger({ name: 'admission-test', level: 'silent' });

let clock = new Date('2026-03-01T04:00:00.000Z');
const opened: ReturnType<typeof createMetering>[] = [];
afterEach(async () => { await Promise.all(opened.splice(0).map((m) => m.close())); });

function metering(over: { anonymous?: { perSecond: number; burst: number }; subject?: { perSecond: number; burst: number }; enabled?: boolean; store?: UsageStore } = {}) {
  const m = createMetering(over.store ?? noStore, logger, {
    enabled: over.enabled ?? true, flushMs: 3_600_000,
    anonymousRate: over.anonymous ?? { perSecond: 20, burst: 40 }, subjectRate: over.subject ?? { perSecond: 20, burst: 40 },
    now: () => clock,
  });
  opened.push(m);
  return m;
}

const institution = (id: string, plan: Partial<InstitutionPlan> = {}): Authenticated => ({
  principal: { kind: 'INSTITUTION', institutionId: id, institutionKind: 'CREDIT_SERVICE', institutionName: id, scopes: [] },
  plan: { ratePerSecond: 1000, burst: 1000, dailyArchivePulls: null, monthlyArchivePulls: null, ...plan },
  purpose: null,
});
const principal = (p: Principal): Authenticated => ({ principal: p, plan: null, purpose: null });
const ANON = principal({ kind: 'ANONYMOUS' });

async function refusal(p: Promise<unknown>) {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof CreditGraphError)) throw new Error(`expected a refusal, got ${JSON.stringify(err)}`);
  const { headers, retryAfterSeconds } = err.extensions as { headers: Record<string, string>; retryAfterSeconds: number };
  return { code: err.code, retryAfter: headers['retry-after'], retryAfterSeconds };
}

/** `n` archive pulls of `id` recorded at `at` (as if served then). */
function pulled(m: ReturnType<typeof createMetering>, id: string, n: number, at: Date) {
  m.recorder.record({ institutionId: id, at, archivePulls: n, personRecordPulls: 0, rejected: false, latencyMs: 1 });
}

describe('the RateLimit headers', () => {
  it('carry the burst, the tokens left and the seconds until the bucket is full again', async () => {
    const m = metering();
    const bank = institution('bank', { ratePerSecond: 1, burst: 5 });
    await m.admit(bank, '127.0.0.1');
    await m.admit(bank, '127.0.0.1');
    // Three taken from five at one per second: two left, full again in three seconds.
    expect(await m.admit(bank, '127.0.0.1')).toEqual({
      'ratelimit-limit': '5', 'ratelimit-remaining': '2', 'ratelimit-reset': '3', 'ratelimit-policy': '5;w=5',
    });
  });

  it('come with Retry-After on a refusal, which is 429 RATE_LIMITED', async () => {
    const m = metering();
    const bank = institution('bank', { ratePerSecond: 2, burst: 1 });
    await m.admit(bank, '127.0.0.1');
    const err = await m.admit(bank, '127.0.0.1').then(() => null, (e: CreditGraphError) => e);
    expect(err?.code).toBe('RATE_LIMITED');
    expect(err?.message).toBe('Over the rate limit of 2 requests per second (burst 1).');
    expect((err?.extensions as { headers: Record<string, string> }).headers).toEqual({
      'ratelimit-limit': '1', 'ratelimit-remaining': '0', 'ratelimit-reset': '1', 'ratelimit-policy': '1;w=1', 'retry-after': '1',
    });
  });
});

describe('rate buckets', () => {
  it('are kept per client IP for anonymous callers', async () => {
    const m = metering({ anonymous: { perSecond: 1, burst: 1 } });
    await m.admit(ANON, '10.0.0.1');
    expect((await refusal(m.admit(ANON, '10.0.0.1'))).code).toBe('RATE_LIMITED');
    expect((await m.admit(ANON, '10.0.0.2'))['ratelimit-remaining']).toBe('0');
    expect((await m.admit(ANON, '::ffff:10.0.0.3'))['ratelimit-remaining']).toBe('0');
  });

  it('give anonymous callers ANONYMOUS_RATE and signed-in persons and enterprises SUBJECT_RATE, each its own', async () => {
    const m = metering({ anonymous: { perSecond: 1, burst: 2 }, subject: { perSecond: 3, burst: 7 } });
    expect((await m.admit(ANON, '10.0.0.9'))['ratelimit-limit']).toBe('2');
    expect((await m.admit(principal({ kind: 'PERSON', personId: 'rate-p' }), '10.0.0.9'))['ratelimit-limit']).toBe('7');
    expect((await m.admit(principal({ kind: 'ENTERPRISE', uscc: 'rate-e' }), '10.0.0.9'))['ratelimit-policy']).toBe('7;w=2');
  });

  it('are kept per subject for bearer callers, whatever their IP, apart from anonymous callers', async () => {
    const m = metering({ anonymous: { perSecond: 1, burst: 1 }, subject: { perSecond: 1, burst: 1 } });
    const subjects = [
      principal({ kind: 'PERSON', personId: 'p1' }), principal({ kind: 'PERSON', personId: 'p2' }),
      principal({ kind: 'ENTERPRISE', uscc: 'x1' }), principal({ kind: 'ENTERPRISE', uscc: 'x2' }),
      principal({ kind: 'OPERATOR', operatorId: 'x1' }), principal({ kind: 'OPERATOR', operatorId: 'x2' }),
    ];
    for (const s of subjects) await m.admit(s, '10.0.0.1');
    await m.admit(ANON, '10.0.0.1');
    for (const s of subjects) expect((await refusal(m.admit(s, '10.0.0.2'))).code).toBe('RATE_LIMITED');
  });

  it('are kept per institution, by its plan', async () => {
    const m = metering();
    await m.admit(institution('a', { ratePerSecond: 1, burst: 1 }), '10.0.0.1');
    expect((await refusal(m.admit(institution('a', { ratePerSecond: 1, burst: 1 }), '10.0.0.2'))).code).toBe('RATE_LIMITED');
    expect((await m.admit(institution('b', { ratePerSecond: 1, burst: 1 }), '10.0.0.1'))['ratelimit-limit']).toBe('1');
  });
});

describe('the daily quota (China Standard Time)', () => {
  it('admits the last pull of the day and refuses the next, until CST midnight', async () => {
    clock = new Date('2026-03-01T15:30:00.000Z'); // 23:30 CST
    const m = metering();
    const bank = institution('bank', { dailyArchivePulls: 3 });
    pulled(m, 'bank', 2, new Date('2026-03-01T01:00:00.000Z'));
    await m.admit(bank, '127.0.0.1');
    pulled(m, 'bank', 1, clock);
    // Half an hour to midnight in Beijing (UTC midnight would be 8.5 hours away).
    expect(await refusal(m.admit(bank, '127.0.0.1'))).toEqual({ code: 'QUOTA_EXCEEDED', retryAfter: '1800', retryAfterSeconds: 1800 });
    clock = new Date('2026-03-01T15:59:59.500Z');
    expect((await refusal(m.admit(bank, '127.0.0.1'))).retryAfter).toBe('1');
    clock = new Date('2026-03-01T16:00:00.000Z'); // 00:00 CST, 2 March: a new day
    await expect(m.admit(bank, '127.0.0.1')).resolves.toHaveProperty('ratelimit-limit', '1000');
  });

  it('counts a pull made before 08:00 Beijing time in the CST day, not the UTC one before', async () => {
    clock = new Date('2026-03-02T01:00:00.000Z'); // 09:00 CST, 2 March
    const m = metering();
    pulled(m, 'bank', 1, new Date('2026-03-01T16:30:00.000Z')); // 00:30 CST, 2 March (UTC: still 1 March)
    const err = await refusal(m.admit(institution('bank', { dailyArchivePulls: 1 }), '127.0.0.1'));
    expect(err).toEqual({ code: 'QUOTA_EXCEEDED', retryAfter: String(15 * 3600), retryAfterSeconds: 15 * 3600 });
  });
});

describe('the monthly quota (China Standard Time)', () => {
  it('admits up to the quota and refuses the pull after it, until the next CST month', async () => {
    clock = new Date('2026-03-31T15:00:00.000Z'); // 23:00 CST, 31 March
    const m = metering();
    const bank = institution('bank', { monthlyArchivePulls: 5 });
    pulled(m, 'bank', 4, new Date('2026-03-02T03:00:00.000Z'));
    await m.admit(bank, '127.0.0.1');
    pulled(m, 'bank', 1, clock);
    expect(await refusal(m.admit(bank, '127.0.0.1'))).toEqual({ code: 'QUOTA_EXCEEDED', retryAfter: '3600', retryAfterSeconds: 3600 });
    clock = new Date('2026-03-31T16:00:00.000Z'); // 00:00 CST, 1 April
    await expect(m.admit(bank, '127.0.0.1')).resolves.toHaveProperty('ratelimit-remaining');
  });

  it('does not count last CST month\'s pulls, made on what was already this month in UTC', async () => {
    clock = new Date('2026-04-10T04:00:00.000Z');
    const m = metering();
    pulled(m, 'bank', 5, new Date('2026-03-31T15:00:00.000Z')); // 23:00 CST, 31 March
    await expect(m.admit(institution('bank', { monthlyArchivePulls: 5 }), '127.0.0.1')).resolves.toHaveProperty('ratelimit-limit');
    pulled(m, 'bank', 5, new Date('2026-03-31T16:00:00.000Z')); // 00:00 CST, 1 April
    // 10 April 12:00 CST to 1 May 00:00 CST: 20.5 days.
    expect((await refusal(m.admit(institution('bank', { monthlyArchivePulls: 5 }), '127.0.0.1'))).retryAfterSeconds).toBe(20.5 * 86_400);
  });

  it('refuses on the daily quota first when both are used up', async () => {
    clock = new Date('2026-03-31T15:00:00.000Z');
    const m = metering();
    pulled(m, 'bank', 2, clock);
    const err = await m.admit(institution('bank', { dailyArchivePulls: 2, monthlyArchivePulls: 2 }), '127.0.0.1').then(() => null, (e: CreditGraphError) => e);
    expect(err?.message).toBe('The daily quota of 2 archive pulls is used up (days and months in China Standard Time).');
    pulled(m, 'other', 2, clock);
    const monthly = await m.admit(institution('other', { monthlyArchivePulls: 2 }), '127.0.0.1').then(() => null, (e: CreditGraphError) => e);
    expect(monthly?.message).toBe('The monthly quota of 2 archive pulls is used up (days and months in China Standard Time).');
  });
});

describe('with metering off', () => {
  it('admits everyone without headers and records nothing', async () => {
    const m = metering({ enabled: false, anonymous: { perSecond: 1, burst: 1 } });
    for (let i = 0; i < 3; i++) expect(await m.admit(ANON, '10.0.0.1')).toEqual({});
    m.onResponse({ auth: institution('bank'), context: null, requestId: 'r', status: 200, startedAt: 0, clientIp: '10.0.0.1', refused: false });
    expect(m.recorder.archivePullsUsed('bank')).toEqual({ day: 0, month: 0 });
  });
});

describe('recording', () => {
  it('records each response of an institution, with what it pulled and the operation, and writes it on close', async () => {
    clock = new Date('2026-03-01T04:20:00.000Z');
    const rec = recordingStore();
    const m = metering({ store: rec.store });
    const usage = { archivePulls: 3, personRecordPulls: 1, fields: ['Query.enterprise'], operationName: 'Archive', operationHash: 'h'.repeat(64) };
    const context = { usage } as never;
    m.onResponse({ auth: institution('bank'), context, requestId: 'r1', status: 200, startedAt: performance.now(), clientIp: '10.0.0.1', refused: false });
    m.onResponse({ auth: institution('bank'), context: null, requestId: 'r2', status: 429, startedAt: performance.now(), clientIp: '10.0.0.1', refused: true });
    m.onResponse({ auth: principal({ kind: 'PERSON', personId: 'p1' }), context, requestId: 'r3', status: 200, startedAt: 0, clientIp: '10.0.0.1', refused: false });
    m.onResponse({ auth: null, context: null, requestId: 'r4', status: 401, startedAt: 0, clientIp: '10.0.0.1', refused: true });
    expect(m.recorder.archivePullsUsed('bank')).toEqual({ day: 3, month: 3 });
    opened.splice(opened.indexOf(m), 1);
    await m.close();
    expect(rec.buckets).toEqual([{
      institutionId: 'bank', hour: new Date('2026-03-01T04:00:00.000Z'),
      c: { requests: 2, archivePulls: 3, personRecordPulls: 1, rejected: 1, totalLatencyMs: expect.any(Number), cachedRequests: 0, reports: 0 },
    }]);
    expect(rec.buckets[0]!.c.totalLatencyMs).toBeLessThan(60_000);
    expect(rec.operations).toEqual([expect.objectContaining({
      institutionId: 'bank', operationHash: 'h'.repeat(64), operationName: 'Archive', fields: new Set(['Query.enterprise']),
      c: expect.objectContaining({ requests: 1, archivePulls: 3 }),
    })]);
  });
});

describe('counting where the quotas read, before the answer', () => {
  /** A cluster worker's ledger (usage-cluster.ts): what it was asked to record, each counted when the test says. */
  function workerLedger() {
    const noted: string[] = [];
    const confirms: (() => void)[] = [];
    const ledger: UsageLedger = {
      record: (e) => { noted.push(`note ${e.institutionId}`); },
      recordCounted: (e) => new Promise<void>((done) => { noted.push(`call ${e.institutionId}`); confirms.push(done); }),
      archivePullsUsed: () => ({ day: 0, month: 0 }), reportsUsed: () => 0,
      backlog: 0, start() {}, flush: async () => {}, close: async () => {},
    };
    return { ledger, noted, confirms };
  }
  const meteringOver = (ledger: UsageLedger) => {
    const m = createMetering(noStore, logger, {
      enabled: true, flushMs: 3_600_000, anonymousRate: { perSecond: 20, burst: 40 }, subjectRate: { perSecond: 20, burst: 40 }, now: () => clock, usage: ledger,
    });
    opened.push(m);
    return m;
  };
  const answered = (auth: Authenticated, usage: Record<string, unknown>) =>
    ({ auth, context: { usage: { personRecordPulls: 0, fields: [], ...usage } } as never, requestId: 'r', status: 200, startedAt: performance.now(), clientIp: '10.0.0.1', refused: false });

  it('holds the answer of an institution with an archive-pull quota until the pulls are counted', async () => {
    const { ledger, noted, confirms } = workerLedger();
    const m = meteringOver(ledger);
    let settled = false;
    const held = m.onResponse(answered(institution('quota-bank', { monthlyArchivePulls: 3 }), { archivePulls: 2 }));
    expect(held).toBeInstanceOf(Promise);
    void held!.then(() => { settled = true; });
    await new Promise((r) => setImmediate(r));
    expect([noted, settled]).toEqual([['call quota-bank'], false]);
    confirms[0]!();
    await held;
    expect(settled).toBe(true);
  });

  it('holds the answer under a daily archive-pull quota alone', () => {
    const { ledger, noted } = workerLedger();
    const m = meteringOver(ledger);
    expect(m.onResponse(answered(institution('daily-bank', { dailyArchivePulls: 3 }), { archivePulls: 1 }))).toBeInstanceOf(Promise);
    expect(noted).toEqual(['call daily-bank']);
  });

  it('holds the answer that issues reports under a monthly reports quota', async () => {
    const { ledger, noted } = workerLedger();
    const m = meteringOver(ledger);
    expect(m.onResponse(answered(institution('report-bank', { monthlyReports: 5 }), { archivePulls: 0, reports: 1 }))).toBeInstanceOf(Promise);
    expect(noted).toEqual(['call report-bank']);
  });

  it('does not hold an answer no quota counts: no quota in the plan, or nothing pulled', () => {
    const { ledger, noted } = workerLedger();
    const m = meteringOver(ledger);
    expect(m.onResponse(answered(institution('open-bank'), { archivePulls: 4 }))).toBeUndefined();
    expect(m.onResponse(answered(institution('quota-bank', { dailyArchivePulls: 3 }), { archivePulls: 0 }))).toBeUndefined();
    expect(m.onResponse(answered(institution('report-bank', { monthlyReports: 5, dailyArchivePulls: null }), { archivePulls: 1, reports: 0 }))).toBeUndefined();
    // Reports issued with no reports quota, pulls with only a reports quota, an institution without a plan.
    expect(m.onResponse(answered(institution('pulls-bank', { monthlyArchivePulls: 9 }), { archivePulls: 0, reports: 2 }))).toBeUndefined();
    expect(m.onResponse(answered({ ...institution('planless'), plan: null }, { archivePulls: 2, reports: 1 }))).toBeUndefined();
    expect(noted).toEqual(['note open-bank', 'note quota-bank', 'note report-bank', 'note pulls-bank', 'note planless']);
  });
});

describe('recording reports and cached answers', () => {
  it('counts the reports a response issued and whether it came from the cache, in the institution\'s bucket', async () => {
    clock = new Date('2026-03-01T04:20:00.000Z');
    const rec = recordingStore();
    const m = metering({ store: rec.store });
    const context = { usage: { archivePulls: 0, personRecordPulls: 0, reports: 2, cached: true, fields: [] } } as never;
    m.onResponse({ auth: institution('bank'), context, requestId: 'r1', status: 200, startedAt: performance.now(), clientIp: '10.0.0.1', refused: false });
    expect(m.recorder.reportsUsed('bank')).toBe(2);
    opened.splice(opened.indexOf(m), 1);
    await m.close();
    expect(rec.buckets).toEqual([expect.objectContaining({ c: expect.objectContaining({ requests: 1, reports: 2, cachedRequests: 1 }) })]);
  });
});

describe('the monthly quota of credit reports (admitReports)', () => {
  /** What admitReports threw: Apollo Server takes the status and Retry-After from `http`. */
  async function reportRefusal(p: Promise<unknown>) {
    const err = await p.then(() => null, (e: unknown) => e);
    if (!(err instanceof CreditGraphError)) throw new Error(`expected a refusal, got ${JSON.stringify(err)}`);
    const { http, retryAfterSeconds } = err.extensions as { http: { status: number; headers: Map<string, string> }; retryAfterSeconds: number };
    return { code: err.code, status: http.status, retryAfter: http.headers.get('retry-after'), retryAfterSeconds, message: err.message };
  }
  const issued = (m: ReturnType<typeof createMetering>, id: string, reports: number, at: Date) =>
    m.recorder.record({ institutionId: id, at, archivePulls: 0, personRecordPulls: 0, rejected: false, latencyMs: 1, reports });

  it('admits the report that reaches the quota and refuses the one past it, 429 until the next CST month', async () => {
    const saved = clock;
    clock = new Date('2026-03-01T04:00:00.000Z'); // 12:00 on 1 March in China Standard Time
    try {
      const m = metering();
      const bank = institution('reports-bank', { monthlyReports: 3 });
      issued(m, 'reports-bank', 1, clock);
      await expect(m.admitReports(bank.principal, bank.plan, 2)).resolves.toBeUndefined();
      issued(m, 'reports-bank', 2, clock);
      // 1 April 00:00 CST is 31 March 16:00 UTC: 30 days and 12 hours away.
      expect(await reportRefusal(m.admitReports(bank.principal, bank.plan, 1))).toEqual({
        code: 'QUOTA_EXCEEDED', status: 429, retryAfter: '2635200', retryAfterSeconds: 2_635_200,
        message: expect.stringContaining('monthly quota of 3 credit reports is used up (3 issued this month'),
      });
      // Archive pulls do not count against it, and an operation issuing none is not asked about it.
      await expect(m.admitReports(bank.principal, bank.plan, 0)).resolves.toBeUndefined();
      const other = institution('pulls-bank', { monthlyReports: 1 });
      pulled(m, 'pulls-bank', 500, clock);
      await expect(m.admitReports(other.principal, other.plan, 1)).resolves.toBeUndefined();
      await expect(reportRefusal(m.admitReports(other.principal, other.plan, 2))).resolves.toMatchObject({ code: 'QUOTA_EXCEEDED' });
    } finally {
      clock = saved;
    }
  });

  it('leaves a plan without a report quota, a caller who is not an institution, and metering switched off alone', async () => {
    const m = metering();
    issued(m, 'unlimited', 10_000, clock);
    const unlimited = institution('unlimited');
    await expect(m.admitReports(unlimited.principal, unlimited.plan, 5)).resolves.toBeUndefined();
    await expect(m.admitReports(unlimited.principal, { ...unlimited.plan!, monthlyReports: null }, 5)).resolves.toBeUndefined();
    await expect(m.admitReports(ANON.principal, { ...unlimited.plan!, monthlyReports: 0 }, 1)).resolves.toBeUndefined();
    const off = metering({ enabled: false });
    const capped = institution('capped', { monthlyReports: 0 });
    await expect(off.admitReports(capped.principal, capped.plan, 1)).resolves.toBeUndefined();
    await expect(reportRefusal(m.admitReports(capped.principal, capped.plan, 1))).resolves.toMatchObject({ code: 'QUOTA_EXCEEDED', status: 429 });
  });
});
