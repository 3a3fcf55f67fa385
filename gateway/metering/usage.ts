/**
 * Usage counted in memory and flushed in batches to the platform database (UsageBucket rows per
 * institution and hour; UsageOperation rows per institution, hour and operation document) at
 * least every `flushMs` and on close: metering stays off the hot path. Both tables are written in
 * one transaction per flush, on a connection of its own (gateway/platform-store.ts). A graceful stop loses nothing; a `kill -9` loses at most the last
 * flush interval. A failed flush puts all its counts back and is retried at the next tick.
 *
 * Quotas read the shared totals (today and this month, CST) from the database at every flush and
 * add what this process has not flushed yet, so gateways sharing one database overshoot a quota by
 * at most (gateways × pulls admitted per flush interval).
 */
import type { Logger } from '../../lib/logger.ts';
import { operationKey, type BucketUsage, type OperationUsage, type QuotaTotals, type UsageCounters, type UsageStore } from '../platform-store.ts';
import { cstDayStart, cstMonthStart, hourStartMs } from '../../lib/time.ts';

export interface UsageEvent {
  institutionId: string;
  at: Date;
  archivePulls: number;
  personRecordPulls: number;
  /** Credit reports issued (counted apart from archive pulls, against the plan's own quota of reports). */
  reports?: number;
  rejected: boolean;
  latencyMs: number;
  /**
   * sha256 (hex) of the operation's document text. Absent for a request refused before its
   * document was read: it is counted in UsageBucket only.
   */
  operationHash?: string;
  operationName?: string | null;
  /** `Type.field` coordinates the operation touched. */
  fields?: readonly string[];
  /** Answered from the response cache (counted like a computed answer, and counted as cached). */
  cached?: boolean;
}

type Counters = BucketUsage['c'];
const zero = (): Counters => ({ requests: 0, archivePulls: 0, personRecordPulls: 0, rejected: 0, totalLatencyMs: 0, cachedRequests: 0, reports: 0 });

type PendingBucket = BucketUsage;
type PendingOperation = OperationUsage & { fields: Set<string> };

const bucketKey = (institutionId: string, hourMs: number) => `${institutionId}|${hourMs}`;

export class UsageRecorder {
  private pending = new Map<string, PendingBucket>();
  private pendingOperations = new Map<string, PendingOperation>();
  /** Counts being written: still counted for quotas until the shared totals include them. */
  private inflight: PendingBucket[] = [];
  /** Archive pulls (today and this month) and reports (this month) already in the database, per institution (CST). */
  private shared = new Map<string, QuotaTotals>();
  private sharedAt = { day: 0, month: 0 };
  /** The entries the last event counted in (`record`): cleared with `pending`. */
  private lastBucket: PendingBucket | null = null;
  private lastOperation: PendingOperation | null = null;
  /** Per pending operation, the field lists already added to its `fields`: the same list again adds nothing. */
  private mergedFields = new WeakMap<PendingOperation, WeakSet<readonly string[]>>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  flushes = 0;

  constructor(
    private readonly store: UsageStore,
    private readonly opts: { flushMs: number; logger: Logger; now?: () => Date },
  ) {}

  private now() { return this.opts.now?.() ?? new Date(); }

  /** Rows waiting to be written (buckets and operations, pending and in flight): the metrics' queue depth. */
  get backlog(): number { return this.pending.size + this.pendingOperations.size + this.inflight.length; }

  start(): void {
    this.timer = setInterval(() => { void this.flush(); }, this.opts.flushMs);
    this.timer.unref();
  }

  /** In this process a quota read sees a recorded event at once. */
  recordCounted(e: UsageEvent): Promise<void> {
    this.record(e);
    return Promise.resolve();
  }

  record(e: UsageEvent): void {
    const hourMs = hourStartMs(e.at.getTime());
    const entry = this.bucketOf(e.institutionId, hourMs);
    entry.c.requests += 1;
    entry.c.archivePulls += e.archivePulls;
    entry.c.personRecordPulls += e.personRecordPulls;
    entry.c.rejected += e.rejected ? 1 : 0;
    entry.c.totalLatencyMs += Math.round(e.latencyMs);
    entry.c.cachedRequests += e.cached ? 1 : 0;
    entry.c.reports += e.reports ?? 0;
    if (!e.operationHash) return;

    const op = this.operationOf(e.institutionId, entry.hour, e.operationHash);
    op.operationName ??= e.operationName ?? null;
    // A cached answer hands every hit the same list: merged once, not field by field each time.
    if (e.fields) {
      let merged = this.mergedFields.get(op);
      if (!merged) this.mergedFields.set(op, (merged = new WeakSet()));
      if (!merged.has(e.fields)) {
        for (const f of e.fields) op.fields.add(f);
        merged.add(e.fields);
      }
    }
    op.c.requests += 1;
    op.c.archivePulls += e.archivePulls;
    op.c.personRecordPulls += e.personRecordPulls;
    op.c.rejected += e.rejected ? 1 : 0;
  }

  /**
   * The pending bucket of (institution, hour). Most events fall in the one before them (one caller
   * at a time, the same hour): that one is found without building its key.
   */
  private bucketOf(institutionId: string, hourMs: number): PendingBucket {
    const last = this.lastBucket;
    if (last && last.institutionId === institutionId && last.hour.getTime() === hourMs) return last;
    const key = bucketKey(institutionId, hourMs);
    let entry = this.pending.get(key);
    if (!entry) this.pending.set(key, (entry = { institutionId, hour: new Date(hourMs), c: zero() }));
    return (this.lastBucket = entry);
  }

  /**
   * The pending operation of (institution, hour, document), the last one found again as cheaply:
   * `hour` is its bucket's own Date, so the same object means the same institution and hour.
   */
  private operationOf(institutionId: string, hour: Date, operationHash: string): PendingOperation {
    const last = this.lastOperation;
    if (last && last.hour === hour && last.operationHash === operationHash) return last;
    const key = operationKey(institutionId, hour, operationHash);
    let op = this.pendingOperations.get(key);
    if (!op) {
      op = {
        institutionId, hour, operationHash, operationName: null, fields: new Set(),
        c: { requests: 0, archivePulls: 0, personRecordPulls: 0, rejected: 0 },
      };
      this.pendingOperations.set(key, op);
    }
    return (this.lastOperation = op);
  }

  /** Archive pulls used so far, today and this month (shared database totals + this process's unflushed counts). */
  archivePullsUsed(institutionId: string): { day: number; month: number } {
    const { day, month } = this.used(institutionId);
    return { day, month };
  }

  /** Credit reports issued so far this month (CST): what the plan's `monthlyReports` counts. */
  reportsUsed(institutionId: string): number {
    return this.used(institutionId).reports;
  }

  private used(institutionId: string): QuotaTotals {
    const now = this.now();
    const dayStart = cstDayStart(now).getTime();
    const monthStart = cstMonthStart(now).getTime();
    const s = this.shared.get(institutionId);
    let day = this.sharedAt.day === dayStart ? s?.day ?? 0 : 0;
    const thisMonth = this.sharedAt.month === monthStart;
    let month = thisMonth ? s?.month ?? 0 : 0;
    let reports = thisMonth ? s?.reports ?? 0 : 0;
    for (const unflushed of [this.pending.values(), this.inflight]) {
      for (const p of unflushed) {
        if (p.institutionId !== institutionId) continue;
        if (p.hour.getTime() >= dayStart) day += p.c.archivePulls;
        if (p.hour.getTime() >= monthStart) {
          month += p.c.archivePulls;
          reports += p.c.reports;
        }
      }
    }
    return { day, month, reports };
  }

  flush(): Promise<void> {
    // One flush at a time; a caller arriving during one waits for it and then flushes again.
    const run = async () => {
      const batch = [...this.pending.values()];
      const operations = [...this.pendingOperations.values()];
      this.pending.clear();
      this.pendingOperations.clear();
      this.lastBucket = null;
      this.lastOperation = null;
      this.inflight = batch;
      try {
        await this.store.addUsage(batch, operations);
        this.flushes++;
      } catch (err) {
        // Put the counts back: nothing is lost, the next tick retries.
        this.putBack(batch, operations);
        this.inflight = [];
        this.opts.logger.error({ err }, 'usage flush failed; will retry');
        return;
      }
      await this.refreshShared().catch((err) => this.opts.logger.warn({ err }, 'could not refresh shared quota totals'));
      this.inflight = [];
    };
    const next = (this.flushing ?? Promise.resolve()).then(run);
    this.flushing = next.finally(() => { if (this.flushing === next) this.flushing = null; });
    return next;
  }

  /** Adds a failed batch back into what is pending (which may have grown meanwhile). */
  private putBack(batch: PendingBucket[], operations: PendingOperation[]): void {
    for (const b of batch) {
      const key = bucketKey(b.institutionId, b.hour.getTime());
      const cur = this.pending.get(key);
      if (!cur) { this.pending.set(key, b); continue; }
      for (const k of Object.keys(cur.c) as (keyof Counters)[]) cur.c[k] += b.c[k];
    }
    for (const o of operations) {
      const key = operationKey(o.institutionId, o.hour, o.operationHash);
      const cur = this.pendingOperations.get(key);
      if (!cur) { this.pendingOperations.set(key, o); continue; }
      for (const k of Object.keys(cur.c) as (keyof UsageCounters)[]) cur.c[k] += o.c[k];
      for (const f of o.fields) cur.fields.add(f);
      cur.operationName = o.operationName ?? cur.operationName;
    }
  }

  private async refreshShared(): Promise<void> {
    const now = this.now();
    const dayStart = cstDayStart(now);
    const monthStart = cstMonthStart(now);
    this.shared = await this.store.archivePulls(dayStart, monthStart);
    this.sharedAt = { day: dayStart.getTime(), month: monthStart.getTime() };
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }
}
