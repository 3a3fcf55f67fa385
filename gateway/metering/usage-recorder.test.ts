/**
 * UsageRecorder's bookkeeping over an in-memory store: what it counts for quotas (the shared totals
 * and what it has not written yet, by CST day and month), one flush at a time, the backlog, and a
 * failed refresh of the shared totals. (The rows a flush writes, over a real database: usage.test.ts.)
 */
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { Logger } from '../../lib/logger.ts';
import type { BucketUsage, OperationUsage, QuotaTotals, UsageStore } from '../platform-store.ts';
import { UsageRecorder, type UsageEvent } from './usage.ts';

const HASH = 'a'.repeat(64);

const event = (at: string, over: Partial<UsageEvent> = {}): UsageEvent =>
  ({ institutionId: 'inst-bank', archivePulls: 0, personRecordPulls: 0, rejected: false, latencyMs: 10, ...over, at: new Date(at) });

/** A store that keeps what it is given, answers `totals` as the shared totals, and can be held or made to fail. */
class MemoryStore implements UsageStore {
  writes: { buckets: BucketUsage[]; operations: OperationUsage[] }[] = [];
  totals = new Map<string, QuotaTotals>();
  asked: [Date, Date][] = [];
  writing = 0;
  maxWriting = 0;
  failTotals = false;
  /** The next write fails (after a hold, if one is set). */
  failWrite = false;
  private held: (() => void) | null = null;

  /** The next write waits until `release()`. */
  hold(): void { this.held = () => {}; }
  release(): void { const r = this.held; this.held = null; r?.(); }

  async addUsage(buckets: readonly BucketUsage[], operations: readonly OperationUsage[]): Promise<void> {
    this.writing++;
    this.maxWriting = Math.max(this.maxWriting, this.writing);
    if (this.held) await new Promise<void>((resolve) => { this.held = resolve; });
    this.writing--;
    if (this.failWrite) {
      this.failWrite = false;
      throw new Error('database unavailable');
    }
    this.writes.push({ buckets: structuredClone([...buckets]), operations: structuredClone([...operations]) });
  }

  async archivePulls(dayStart: Date, monthStart: Date): Promise<Map<string, QuotaTotals>> {
    this.asked.push([dayStart, monthStart]);
    if (this.failTotals) throw new Error('database unavailable');
    return new Map(this.totals);
  }
}

function recorderAt(store: MemoryStore, clock: { now: Date }) {
  const warn = jest.fn();
  const error = jest.fn();
  const logger = { warn, error, info: jest.fn(), debug: jest.fn() } as unknown as Logger;
  return { recorder: new UsageRecorder(store, { flushMs: 1000, logger, now: () => clock.now }), warn, error };
}

/** A tick of the event loop: the flush's steps between its awaits. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('UsageRecorder: the quota totals', () => {
  it('counts today and this month (CST) from the unflushed events: yesterday\'s hours in the month only, last month\'s in neither', () => {
    const store = new MemoryStore();
    // 10:30 CST on 2 March.
    const { recorder } = recorderAt(store, { now: new Date('2026-03-02T02:30:00Z') });
    recorder.record(event('2026-03-01T15:59:59Z', { archivePulls: 1 })); // 23:59:59 CST on 1 March
    recorder.record(event('2026-03-01T16:00:00Z', { archivePulls: 2 })); // 00:00 CST on 2 March
    recorder.record(event('2026-02-28T15:59:59Z', { archivePulls: 4, reports: 1 })); // 23:59:59 CST on 28 February
    recorder.record(event('2026-02-28T16:00:00Z', { archivePulls: 8, reports: 2 })); // 00:00 CST on 1 March
    recorder.record(event('2026-03-01T16:00:00Z', { archivePulls: 16, institutionId: 'inst-other' }));
    expect(recorder.archivePullsUsed('inst-bank')).toEqual({ day: 2, month: 11 });
    expect(recorder.reportsUsed('inst-bank')).toBe(2);
    expect(recorder.archivePullsUsed('inst-other')).toEqual({ day: 16, month: 16 });
    expect(recorder.archivePullsUsed('inst-none')).toEqual({ day: 0, month: 0 });
    expect(recorder.reportsUsed('inst-none')).toBe(0);
  });

  it('counts an event recorded as counted (recordCounted) at once: in one process the quota reads see it when the promise resolves', async () => {
    const { recorder } = recorderAt(new MemoryStore(), { now: new Date('2026-03-02T02:30:00Z') });
    await recorder.recordCounted(event('2026-03-02T02:00:00Z', { archivePulls: 3, reports: 1 }));
    expect(recorder.archivePullsUsed('inst-bank')).toEqual({ day: 3, month: 3 });
    expect(recorder.reportsUsed('inst-bank')).toBe(1);
  });

  it('asks the store for the totals since the CST day and month after a flush, and adds what it has not written since', async () => {
    const store = new MemoryStore();
    const clock = { now: new Date('2026-03-02T02:30:00Z') };
    const { recorder } = recorderAt(store, clock);
    store.totals.set('inst-bank', { day: 5, month: 50, reports: 3 });
    recorder.record(event('2026-03-02T02:00:00Z', { archivePulls: 1 }));
    await recorder.flush();
    expect(store.asked).toEqual([[new Date('2026-03-01T16:00:00Z'), new Date('2026-02-28T16:00:00Z')]]);
    recorder.record(event('2026-03-02T02:31:00Z', { archivePulls: 2, reports: 1 }));
    expect(recorder.archivePullsUsed('inst-bank')).toEqual({ day: 7, month: 52 });
    expect(recorder.reportsUsed('inst-bank')).toBe(4);
    expect(recorder.archivePullsUsed('inst-other')).toEqual({ day: 0, month: 0 });
  });

  it('drops the shared day total at the CST midnight and the month\'s totals at the CST month, until the next flush reads them again', async () => {
    const store = new MemoryStore();
    const clock = { now: new Date('2026-03-31T15:59:59Z') }; // 23:59:59 CST on 31 March
    const { recorder } = recorderAt(store, clock);
    store.totals.set('inst-bank', { day: 5, month: 50, reports: 3 });
    await recorder.flush();
    expect(recorder.archivePullsUsed('inst-bank')).toEqual({ day: 5, month: 50 });
    clock.now = new Date('2026-03-31T16:00:00Z'); // 00:00 CST on 1 April
    expect(recorder.archivePullsUsed('inst-bank')).toEqual({ day: 0, month: 0 });
    expect(recorder.reportsUsed('inst-bank')).toBe(0);


    const midMonth = new MemoryStore();
    const midClock = { now: new Date('2026-03-10T15:59:59Z') }; // 23:59:59 CST on 10 March
    const second = recorderAt(midMonth, midClock).recorder;
    midMonth.totals.set('inst-bank', { day: 5, month: 50, reports: 3 });
    await second.flush();
    midClock.now = new Date('2026-03-10T16:00:00Z'); // 00:00 CST on 11 March
    expect(second.archivePullsUsed('inst-bank')).toEqual({ day: 0, month: 50 });
    expect(second.reportsUsed('inst-bank')).toBe(3);
  });

  it('keeps counting a batch for quotas while it is being written, and not twice once the totals include it', async () => {
    const store = new MemoryStore();
    const { recorder } = recorderAt(store, { now: new Date('2026-03-02T02:30:00Z') });
    recorder.record(event('2026-03-02T02:00:00Z', { archivePulls: 3, reports: 1, operationHash: HASH }));
    store.hold();
    const flushed = recorder.flush();
    await settle();
    expect(store.writing).toBe(1);
    expect(recorder.archivePullsUsed('inst-bank')).toEqual({ day: 3, month: 3 });
    expect(recorder.reportsUsed('inst-bank')).toBe(1);
    expect(recorder.backlog).toBe(1); // the bucket in flight (the operation is not a quota's)
    store.totals.set('inst-bank', { day: 3, month: 3, reports: 1 });
    store.release();
    await flushed;
    expect(recorder.archivePullsUsed('inst-bank')).toEqual({ day: 3, month: 3 });
    expect(recorder.reportsUsed('inst-bank')).toBe(1);
    expect(recorder.backlog).toBe(0);
  });

  it('keeps the last totals and logs a warning when they cannot be read after a flush, the flush itself counted', async () => {
    const store = new MemoryStore();
    const { recorder, warn, error } = recorderAt(store, { now: new Date('2026-03-02T02:30:00Z') });
    store.totals.set('inst-bank', { day: 5, month: 50, reports: 3 });
    await recorder.flush();
    store.failTotals = true;
    recorder.record(event('2026-03-02T02:00:00Z', { archivePulls: 1 }));
    await recorder.flush();
    expect(warn).toHaveBeenCalledWith({ err: expect.any(Error) }, 'could not refresh shared quota totals');
    expect(error).not.toHaveBeenCalled();
    expect(recorder.flushes).toBe(2);
    expect(recorder.backlog).toBe(0);
    // The written pull is not in the old totals: the quota may be under-counted until the next refresh, never twice.
    expect(recorder.archivePullsUsed('inst-bank')).toEqual({ day: 5, month: 50 });
  });
});

describe('UsageRecorder: a failed flush', () => {
  it('merges the counts it puts back with those recorded while it was being written, names and fields included', async () => {
    const store = new MemoryStore();
    const { recorder, error } = recorderAt(store, { now: new Date('2026-03-02T02:30:00Z') });
    recorder.record(event('2026-03-02T02:00:00Z', { archivePulls: 1, latencyMs: 5, operationHash: HASH, operationName: 'First', fields: ['Query.me'] }));
    store.hold();
    store.failWrite = true;
    const failed = recorder.flush();
    await settle();
    recorder.record(event('2026-03-02T02:01:00Z', { archivePulls: 2, latencyMs: 7, rejected: true, operationHash: HASH, fields: ['Viewer.kind'] }));
    store.release();
    await failed;
    expect(error).toHaveBeenCalledWith({ err: expect.any(Error) }, 'usage flush failed; will retry');
    expect(recorder.backlog).toBe(2); // one bucket, one operation: merged, nothing left in flight
    expect(recorder.archivePullsUsed('inst-bank')).toEqual({ day: 3, month: 3 });
    await recorder.flush();
    const [written] = store.writes;
    expect(written!.buckets).toEqual([{
      institutionId: 'inst-bank', hour: new Date('2026-03-02T02:00:00Z'),
      c: { requests: 2, archivePulls: 3, personRecordPulls: 0, rejected: 1, totalLatencyMs: 12, cachedRequests: 0, reports: 0 },
    }]);
    expect(written!.operations).toEqual([{
      institutionId: 'inst-bank', hour: new Date('2026-03-02T02:00:00Z'), operationHash: HASH, operationName: 'First',
      fields: new Set(['Viewer.kind', 'Query.me']), c: { requests: 2, archivePulls: 3, personRecordPulls: 0, rejected: 1 },
    }]);
  });
});

describe('UsageRecorder: flushing', () => {
  it('counts an operation without fields with none, and reads the wall clock when given no clock', async () => {
    const store = new MemoryStore();
    const recorder = new UsageRecorder(store, { flushMs: 1000, logger: { warn: jest.fn(), error: jest.fn() } as unknown as Logger });
    recorder.record({ ...event(new Date().toISOString(), { archivePulls: 1, operationHash: HASH }), fields: undefined });
    // Today (CST) by the real clock: the pull just recorded counts.
    expect(recorder.archivePullsUsed('inst-bank')).toEqual({ day: 1, month: 1 });
    await recorder.flush();
    expect(store.writes[0]!.operations.map((o) => [...o.fields])).toEqual([[]]);
  });

  afterEach(() => { jest.useRealTimers(); });

  it('counts each event in its own institution, hour and operation however they alternate, and each field once from every list it was given', async () => {
    const store = new MemoryStore();
    const { recorder } = recorderAt(store, { now: new Date('2026-03-02T02:30:00Z') });
    const hit = ['Query.enterprise', 'Enterprise.name']; // a cached answer hands every hit this same list
    const other = ['Query.enterprise', 'Enterprise.penalties'];
    const OTHER_HASH = 'b'.repeat(64);
    recorder.record(event('2026-03-02T02:00:00Z', { archivePulls: 1, operationHash: HASH, fields: hit }));
    recorder.record(event('2026-03-02T02:05:00Z', { archivePulls: 1, operationHash: HASH, fields: hit }));
    recorder.record(event('2026-03-02T02:06:00Z', { archivePulls: 2, operationHash: HASH, institutionId: 'inst-gov', fields: hit }));
    recorder.record(event('2026-03-02T02:07:00Z', { archivePulls: 4, operationHash: OTHER_HASH, fields: other }));
    recorder.record(event('2026-03-02T02:08:00Z', { archivePulls: 128, operationHash: HASH, fields: hit }));
    recorder.record(event('2026-03-02T03:00:00Z', { archivePulls: 8, operationHash: HASH, fields: hit }));
    recorder.record(event('2026-03-02T02:59:59Z', { archivePulls: 16, operationHash: HASH, fields: other }));
    recorder.record(event('2026-03-02T02:59:59Z', { archivePulls: 32, operationHash: HASH, fields: hit }));
    await recorder.flush();
    recorder.record(event('2026-03-02T02:10:00Z', { archivePulls: 64, operationHash: HASH, fields: hit }));
    await recorder.flush();

    const [first, second] = store.writes;
    const buckets = (w: typeof first) => w!.buckets.map((b) => [b.institutionId, b.hour.toISOString(), b.c.requests, b.c.archivePulls]);
    expect(buckets(first)).toEqual([
      ['inst-bank', '2026-03-02T02:00:00.000Z', 6, 182], ['inst-gov', '2026-03-02T02:00:00.000Z', 1, 2], ['inst-bank', '2026-03-02T03:00:00.000Z', 1, 8],
    ]);
    const operations = (w: typeof first) => w!.operations.map((o) => [o.institutionId, o.hour.toISOString(), o.operationHash[0], o.c.requests, o.c.archivePulls, [...o.fields].sort()]);
    expect(operations(first)).toEqual([
      ['inst-bank', '2026-03-02T02:00:00.000Z', 'a', 5, 178, ['Enterprise.name', 'Enterprise.penalties', 'Query.enterprise']],
      ['inst-gov', '2026-03-02T02:00:00.000Z', 'a', 1, 2, ['Enterprise.name', 'Query.enterprise']],
      ['inst-bank', '2026-03-02T02:00:00.000Z', 'b', 1, 4, ['Enterprise.penalties', 'Query.enterprise']],
      ['inst-bank', '2026-03-02T03:00:00.000Z', 'a', 1, 8, ['Enterprise.name', 'Query.enterprise']],
    ]);
    // After a flush the same list starts a new row, its fields named again.
    expect(buckets(second)).toEqual([['inst-bank', '2026-03-02T02:00:00.000Z', 1, 64]]);
    expect(operations(second)).toEqual([['inst-bank', '2026-03-02T02:00:00.000Z', 'a', 1, 64, ['Enterprise.name', 'Query.enterprise']]]);
  });

  it('counts what waits to be written as its backlog: one row per institution and hour, one per operation', async () => {
    const store = new MemoryStore();
    const { recorder } = recorderAt(store, { now: new Date('2026-03-02T02:30:00Z') });
    expect(recorder.backlog).toBe(0);
    recorder.record(event('2026-03-02T02:00:00Z', { operationHash: HASH }));
    recorder.record(event('2026-03-02T02:10:00Z', { operationHash: HASH }));
    recorder.record(event('2026-03-02T02:20:00Z'));
    expect(recorder.backlog).toBe(2);
    recorder.record(event('2026-03-02T03:00:00Z'));
    recorder.record(event('2026-03-02T02:00:00Z', { institutionId: 'inst-gov', operationHash: HASH }));
    expect(recorder.backlog).toBe(5);
    await recorder.flush();
    expect(recorder.backlog).toBe(0);
  });

  it('rounds each latency to whole milliseconds and counts requests, refusals and cached answers per bucket', async () => {
    const store = new MemoryStore();
    const { recorder } = recorderAt(store, { now: new Date('2026-03-02T02:30:00Z') });
    recorder.record(event('2026-03-02T02:00:00Z', { latencyMs: 10.4, personRecordPulls: 2 }));
    recorder.record(event('2026-03-02T02:01:00Z', { latencyMs: 10.4 }));
    recorder.record(event('2026-03-02T02:02:00Z', { latencyMs: 10.6, rejected: true, cached: true }));
    await recorder.flush();
    expect(store.writes[0]!.buckets).toEqual([{
      institutionId: 'inst-bank', hour: new Date('2026-03-02T02:00:00Z'),
      c: { requests: 3, archivePulls: 0, personRecordPulls: 2, rejected: 1, totalLatencyMs: 31, cachedRequests: 1, reports: 0 },
    }]);
    expect(store.writes[0]!.operations).toEqual([]);
  });

  it('runs one flush at a time: a flush asked for during one waits for it, then writes what came meanwhile', async () => {
    const store = new MemoryStore();
    const { recorder } = recorderAt(store, { now: new Date('2026-03-02T02:30:00Z') });
    recorder.record(event('2026-03-02T02:00:00Z', { archivePulls: 1 }));
    store.hold();
    const first = recorder.flush();
    await settle();
    recorder.record(event('2026-03-02T02:01:00Z', { archivePulls: 2 }));
    const second = recorder.flush();
    await settle();
    expect(store.writing).toBe(1);
    store.release();
    await Promise.all([first, second]);
    expect(store.maxWriting).toBe(1);
    expect(store.writes.map((w) => w.buckets.map((b) => b.c.archivePulls))).toEqual([[1], [2]]);
    expect(recorder.flushes).toBe(2);
    // Idle again: a third flush starts at once.
    recorder.record(event('2026-03-02T02:02:00Z', { archivePulls: 4 }));
    await recorder.flush();
    expect(store.writes.map((w) => w.buckets.map((b) => b.c.archivePulls))).toEqual([[1], [2], [4]]);
  });

  it('flushes every flushMs once started, and once more on close, then no more', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    const store = new MemoryStore();
    const { recorder } = recorderAt(store, { now: new Date('2026-03-02T02:30:00Z') });
    recorder.start();
    recorder.record(event('2026-03-02T02:00:00Z', { archivePulls: 1 }));
    jest.advanceTimersByTime(999);
    await settle();
    expect(store.writes).toHaveLength(0);
    jest.advanceTimersByTime(1);
    await settle();
    expect(store.writes).toHaveLength(1);
    recorder.record(event('2026-03-02T02:01:00Z', { archivePulls: 2 }));
    await recorder.close();
    expect(store.writes.map((w) => w.buckets.map((b) => b.c.archivePulls))).toEqual([[1], [2]]);
    const flushes = recorder.flushes;
    jest.advanceTimersByTime(5000);
    await settle();
    expect(recorder.flushes).toBe(flushes);
  });
});
