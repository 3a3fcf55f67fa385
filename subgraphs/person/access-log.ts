/**
 * Group commit for the access log.
 *
 * Personal data is returned only after its disclosure is durably logged. Committing each entry on
 * its own would cost one fsync per disclosure; instead one `AccessLogWriter` per process buffers
 * the entries of every concurrent request and writes them in one transaction when `maxBatch`
 * entries are queued or `maxDelayMs` after the first one arrived, whichever comes first. Each
 * caller's promise resolves only once the transaction holding its entries committed, and rejects
 * if that transaction failed: the caller then withholds the data. At most one transaction is in
 * flight; entries arriving meanwhile form the next batch, written as soon as the current one ends.
 */
import { ROOT_CONTEXT, trace, type Context, type Link, type SpanContext, type Tracer } from '@opentelemetry/api';
import type { Logger } from '../../lib/logger.ts';
import { inSpan } from '../../lib/observability/tracing.ts';
import type { AccessLogEntryRow } from './db/access-log.ts';

export type AccessLogSink = (entries: readonly AccessLogEntryRow[]) => Promise<void>;

export interface AccessLogWriterOptions {
  /** Writes one batch in one transaction (durably) or throws. */
  sink: AccessLogSink;
  /** Flush once this many entries are queued (default 256). */
  maxBatch?: number;
  /** Flush at the latest this long after the first queued entry (default 2 ms). */
  maxDelayMs?: number;
  logger?: Logger;
  /**
   * When tracing is on: each commit is an `access-log.commit` span (a batch serves many requests'
   * traces, so it starts its own), linked to the span of every request whose entries it commits.
   */
  tracer?: Tracer | null;
}

export interface AccessLogWriterStats {
  /** Transactions attempted. */
  flushes: number;
  /** Entries committed. */
  committed: number;
  /** Transactions that failed (their callers were rejected). */
  failures: number;
}

/** What the resolvers need: append entries, learn when they are durable. */
export interface AccessLog {
  /** `request`: the trace context of the request the entries record (when tracing), which the commit links to. */
  append(entries: readonly AccessLogEntryRow[], request?: Context): Promise<void>;
}

interface Waiting {
  entries: readonly AccessLogEntryRow[];
  /** The span of the request that waits (when tracing): the commit span links to it. */
  span: SpanContext | undefined;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class AccessLogWriter implements AccessLog {
  readonly #sink: AccessLogSink;
  readonly #maxBatch: number;
  readonly #maxDelayMs: number;
  readonly #log: Logger | undefined;
  readonly #tracer: Tracer | null;
  #queue: Waiting[] = [];
  #queued = 0;
  #timer: NodeJS.Timeout | null = null;
  #inFlight: Promise<void> | null = null;
  #closed = false;
  readonly stats: AccessLogWriterStats = { flushes: 0, committed: 0, failures: 0 };

  constructor(opts: AccessLogWriterOptions) {
    if (typeof opts?.sink !== 'function') {
      throw new TypeError(`AccessLogWriter: sink must be a function; got ${typeof opts?.sink}`);
    }
    const maxBatch = opts.maxBatch ?? 256;
    const maxDelayMs = opts.maxDelayMs ?? 2;
    if (!Number.isInteger(maxBatch) || maxBatch < 1) {
      throw new RangeError(`AccessLogWriter: maxBatch must be a positive integer; got ${maxBatch}`);
    }
    if (!Number.isFinite(maxDelayMs) || maxDelayMs < 0) {
      throw new RangeError(`AccessLogWriter: maxDelayMs must be a number >= 0; got ${maxDelayMs}`);
    }
    this.#sink = opts.sink;
    this.#maxBatch = maxBatch;
    this.#maxDelayMs = maxDelayMs;
    this.#log = opts.logger;
    this.#tracer = opts.tracer ?? null;
  }

  /** Entries queued and not yet in a transaction (the metrics' queue depth). */
  get queued(): number { return this.#queued; }

  /** Queues entries; resolves once they are committed, rejects if their transaction failed. */
  append(entries: readonly AccessLogEntryRow[], request?: Context): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('access log writer is closed'));
    if (entries.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      // The request's context is handed in: the loader's batch runs outside the resolver's async context.
      const span = this.#tracer && request ? trace.getSpanContext(request) : undefined;
      this.#queue.push({ entries, span, resolve, reject });
      this.#queued += entries.length;
      this.#schedule();
    });
  }

  /** Writes everything queued now and waits until nothing is queued or in flight. */
  async flush(): Promise<void> {
    this.#clearTimer();
    while (this.#inFlight || this.#queue.length > 0) {
      if (this.#inFlight) await this.#inFlight;
      else this.#startFlush();
    }
  }

  /** Refuses new entries and writes the queued ones. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }

  #schedule(): void {
    if (this.#inFlight) return; // the in-flight flush starts the next one when it ends
    if (this.#queued >= this.#maxBatch) {
      this.#clearTimer();
      this.#startFlush();
    } else if (!this.#timer) {
      this.#timer = setTimeout(() => {
        this.#timer = null;
        if (!this.#inFlight) this.#startFlush();
      }, this.#maxDelayMs);
    }
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #startFlush(): void {
    const batch = this.#take();
    if (batch.length === 0) return;
    this.#inFlight = this.#write(batch).finally(() => {
      this.#inFlight = null;
      // Whatever queued during the commit has already waited a whole commit: write it now.
      if (this.#queue.length > 0) this.#startFlush();
    });
  }

  /** Takes waiting callers up to maxBatch entries (always at least one caller). */
  #take(): Waiting[] {
    let n = 0;
    let count = 0;
    while (n < this.#queue.length && (n === 0 || count + this.#queue[n]!.entries.length <= this.#maxBatch)) {
      count += this.#queue[n]!.entries.length;
      n++;
    }
    this.#queued -= count;
    return this.#queue.splice(0, n);
  }

  async #write(batch: Waiting[]): Promise<void> {
    const entries = batch.flatMap((w) => w.entries);
    this.stats.flushes++;
    try {
      // A commit serves many requests' traces: a root span of its own, linked to each request's span.
      const links: Link[] = batch.flatMap((w) => (w.span ? [{ context: w.span }] : []));
      await (this.#tracer
        ? inSpan(this.#tracer, 'access-log.commit', () => this.#sink(entries), ROOT_CONTEXT, { entries: entries.length }, links)
        : this.#sink(entries));
    } catch (err) {
      this.stats.failures++;
      this.#log?.error({ err, entries: entries.length }, 'access log write failed; the disclosures it held are withheld');
      for (const w of batch) w.reject(new Error('access log write failed', { cause: err }));
      return;
    }
    this.stats.committed += entries.length;
    for (const w of batch) w.resolve();
  }
}
