/**
 * Usage counted in memory and flushed in batches to the platform database (UsageBucket rows per
 * institution and hour) at least every `flushMs` and on close: metering stays off the hot path.
 * A graceful stop loses nothing; a `kill -9` loses at most the last flush interval. A failed
 * flush puts its counts back and is retried at the next tick.
 *
 * Quotas read the shared totals (today and this month, CST) from the database at every flush and
 * add what this process has not flushed yet, so gateways sharing one database overshoot a quota by
 * at most (gateways × pulls admitted per flush interval).
 */
import type { PrismaClient as PlatformDb } from '../../prisma/generated/platform/sqlite/client.ts';
import type { Logger } from '../../lib/logger.ts';
import { cstDayStart, cstMonthStart, hourStart } from './cst.ts';

export interface UsageEvent {
  institutionId: string;
  at: Date;
  archivePulls: number;
  personRecordPulls: number;
  rejected: boolean;
  latencyMs: number;
}

interface Counters { requests: number; archivePulls: number; personRecordPulls: number; rejected: number; totalLatencyMs: number }
const zero = (): Counters => ({ requests: 0, archivePulls: 0, personRecordPulls: 0, rejected: 0, totalLatencyMs: 0 });

export class UsageRecorder {
  private pending = new Map<string, { institutionId: string; hour: Date; c: Counters }>();
  /** Counts being written: still counted for quotas until the shared totals include them. */
  private inflight: { institutionId: string; hour: Date; c: Counters }[] = [];
  /** Archive pulls already in the database, per institution: today and this month (CST). */
  private shared = new Map<string, { day: number; month: number }>();
  private sharedAt = { day: 0, month: 0 };
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  flushes = 0;

  constructor(
    private readonly db: PlatformDb,
    private readonly opts: { flushMs: number; logger: Logger; now?: () => Date },
  ) {}

  private now() { return this.opts.now?.() ?? new Date(); }

  start(): void {
    this.timer = setInterval(() => { void this.flush(); }, this.opts.flushMs);
    this.timer.unref();
  }

  record(e: UsageEvent): void {
    const hour = hourStart(e.at);
    const key = `${e.institutionId}|${hour.getTime()}`;
    let entry = this.pending.get(key);
    if (!entry) this.pending.set(key, (entry = { institutionId: e.institutionId, hour, c: zero() }));
    entry.c.requests += 1;
    entry.c.archivePulls += e.archivePulls;
    entry.c.personRecordPulls += e.personRecordPulls;
    entry.c.rejected += e.rejected ? 1 : 0;
    entry.c.totalLatencyMs += Math.round(e.latencyMs);
  }

  /** Archive pulls used so far (shared database totals + this process's unflushed counts). */
  archivePullsUsed(institutionId: string): { day: number; month: number } {
    const now = this.now();
    const dayStart = cstDayStart(now).getTime();
    const monthStart = cstMonthStart(now).getTime();
    const s = this.shared.get(institutionId);
    let day = this.sharedAt.day === dayStart ? s?.day ?? 0 : 0;
    let month = this.sharedAt.month === monthStart ? s?.month ?? 0 : 0;
    for (const p of [...this.pending.values(), ...this.inflight]) {
      if (p.institutionId !== institutionId) continue;
      if (p.hour.getTime() >= dayStart) day += p.c.archivePulls;
      if (p.hour.getTime() >= monthStart) month += p.c.archivePulls;
    }
    return { day, month };
  }

  flush(): Promise<void> {
    // One flush at a time; a caller arriving during one waits for it and then flushes again.
    const run = async () => {
      const batch = [...this.pending.values()];
      this.pending.clear();
      this.inflight = batch;
      try {
        if (batch.length) {
          await this.db.$transaction(batch.map(({ institutionId, hour, c }) => this.db.usageBucket.upsert({
            where: { institutionId_hourStart: { institutionId, hourStart: hour } },
            create: { institutionId, hourStart: hour, ...c },
            update: {
              requests: { increment: c.requests },
              archivePulls: { increment: c.archivePulls },
              personRecordPulls: { increment: c.personRecordPulls },
              rejected: { increment: c.rejected },
              totalLatencyMs: { increment: c.totalLatencyMs },
            },
          })));
        }
        this.flushes++;
      } catch (err) {
        // Put the counts back: nothing is lost, the next tick retries.
        for (const b of batch) {
          const key = `${b.institutionId}|${b.hour.getTime()}`;
          const cur = this.pending.get(key);
          if (!cur) { this.pending.set(key, b); continue; }
          for (const k of Object.keys(cur.c) as (keyof Counters)[]) cur.c[k] += b.c[k];
        }
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

  private async refreshShared(): Promise<void> {
    const now = this.now();
    const dayStart = cstDayStart(now);
    const monthStart = cstMonthStart(now);
    const rows = await this.db.usageBucket.groupBy({
      by: ['institutionId'],
      where: { hourStart: { gte: monthStart } },
      _sum: { archivePulls: true },
    });
    const dayRows = await this.db.usageBucket.groupBy({
      by: ['institutionId'],
      where: { hourStart: { gte: dayStart } },
      _sum: { archivePulls: true },
    });
    const shared = new Map<string, { day: number; month: number }>();
    for (const r of rows) shared.set(r.institutionId, { day: 0, month: r._sum.archivePulls ?? 0 });
    for (const r of dayRows) {
      const s = shared.get(r.institutionId) ?? { day: 0, month: 0 };
      s.day = r._sum.archivePulls ?? 0;
      shared.set(r.institutionId, s);
    }
    this.shared = shared;
    this.sharedAt = { day: dayStart.getTime(), month: monthStart.getTime() };
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }
}
