/**
 * Keys' last-used times, kept cheap: a key that authenticates a request is noted in memory (one
 * Map entry per key, its latest instant) and the notes are written in one transaction every
 * METERING_FLUSH_MS and on close, never a write per request. A failed write keeps its notes for the
 * next tick (a later instant of the same key replaces them). `lastUsedAt` is thus up to one flush
 * interval late, and a `kill -9` loses at most one interval of it.
 */
import type { Logger } from '../lib/logger.ts';

export class KeyUsage {
  private seen = new Map<string, Date>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly write: (seen: ReadonlyMap<string, Date>) => Promise<void>,
    private readonly opts: { flushMs: number; logger: Logger; now?: () => Date },
  ) {}

  start(): void {
    this.timer = setInterval(() => { void this.flush(); }, this.opts.flushMs);
    this.timer.unref();
  }

  /** The key with this prefix authenticated a request now. */
  touch(prefix: string): void {
    this.seen.set(prefix, this.opts.now?.() ?? new Date());
  }

  /** Keys noted and not yet written. */
  get backlog(): number { return this.seen.size; }

  async flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.seen.size === 0) return;
    const batch = this.seen;
    this.seen = new Map();
    this.flushing = this.write(batch).catch((err: unknown) => {
      this.opts.logger.warn({ err, keys: batch.size }, 'writing keys\' last-used times failed; retrying at the next flush');
      for (const [prefix, at] of batch) if (!this.seen.has(prefix)) this.seen.set(prefix, at);
    }).finally(() => { this.flushing = null; });
    return this.flushing;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flushing;
    await this.flush();
  }
}
