/**
 * Every core (GATEWAY_WORKERS): a primary process forks N workers (node:cluster) that each run the
 * whole gateway (`startGateway`) on the one port; the primary hands out connections round-robin.
 * What must be one across workers lives in the primary and is asked over the cluster's IPC channel:
 * the rate limits' token buckets (./metering/rate-limit-cluster.ts) and the usage counts the quotas
 * read (./metering/usage-cluster.ts), which the primary also writes to the platform database.
 * The primary replaces a worker that dies, and on SIGTERM/SIGINT stops every worker gracefully
 * (each finishes its requests in flight), then flushes the usage counts and exits.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../lib/logger.ts';

// ---- the channel: a worker calls the primary; the primary answers each call -------------------
//
// Messages go in batches, one per turn of the event loop: every call and note a worker makes in one
// turn (the requests that one poll of the sockets woke) travel as one IPC message, and the primary's
// replies to one worker likewise. An IPC message costs both processes a serialisation, a write and
// a wake-up whatever it holds: with a message per take and per usage note the channel cost ~13-19 µs
// of CPU per request in each process, batched 5-13 µs (`npx tsx bench/ipc.ts`). Order is kept: the
// primary runs a batch's items in the order they were made, so a quota read sees every usage noted
// before it, and a take is answered before the next.

type Handler = (...args: never[]) => unknown;
export type PrimaryHandlers = Record<string, Handler>;

interface Call { cg: 'call'; id: number; method: string; args: unknown[] }
interface Note { cg: 'note'; method: string; args: unknown[] }
interface Reply { cg: 'reply'; id: number; result?: unknown; error?: string }
/** What goes over the channel: the items of one turn, in order. */
export interface Batch<T> { cg: 'batch'; items: T[] }

/** Collects the items of one turn and sends them as one batch at its end. */
function batcher<T>(send: (batch: Batch<T>, sent: (err: Error | null) => void) => void, failed: (items: T[], err: Error) => void) {
  let items: T[] = [];
  const flush = () => {
    const batch = items;
    items = [];
    send({ cg: 'batch', items: batch }, (err) => { if (err) failed(batch, err); });
  };
  return (item: T) => {
    items.push(item);
    if (items.length === 1) setImmediate(flush);
  };
}

/** A worker's end of the channel, over `transport` (the worker process itself, or a test's fake). */
export interface WorkerTransport {
  send(message: Batch<Call | Note>, callback: (err: Error | null) => void): void;
  onMessage(listener: (message: unknown) => void): void;
}

export function createWorkerChannel(transport: WorkerTransport) {
  let next = 0;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const post = batcher<Call | Note>((batch, sent) => transport.send(batch, sent), (items, err) => {
    for (const item of items) {
      if (item.cg !== 'call') continue;
      waiting.get(item.id)?.reject(err);
      waiting.delete(item.id);
    }
  });
  transport.onMessage((m) => {
    const batch = m as Batch<Reply>;
    if (batch?.cg !== 'batch') return;
    for (const r of batch.items) {
      const w = waiting.get(r.id);
      waiting.delete(r.id);
      if (r.error !== undefined) w?.reject(new Error(`primary: ${r.error}`));
      else w?.resolve(r.result);
    }
  });
  return {
    call<T>(method: string, args: unknown[]): Promise<T> {
      const id = ++next;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        post({ cg: 'call', id, method, args });
      });
    },
    note(method: string, args: unknown[]): void {
      post({ cg: 'note', method, args });
    },
  };
}

let channel: ReturnType<typeof createWorkerChannel> | null = null;

function workerChannel() {
  channel ??= createWorkerChannel({
    // Primary gone (the error): the worker exits with it; its calls are refused meanwhile.
    send: (message, callback) => { process.send!(message, undefined, undefined, callback); },
    onMessage: (listener) => { process.on('message', listener); },
  });
  return channel;
}

/** In a worker: asks the primary to run `method` and resolves with its answer. */
export function callPrimary<T>(method: string, args: unknown[]): Promise<T> {
  return workerChannel().call<T>(method, args);
}

/** In a worker: tells the primary something that needs no answer (kept in order with the calls). */
export function notePrimary(method: string, args: unknown[]): void {
  workerChannel().note(method, args);
}

/** The primary's end of one worker's channel: runs each batch's items in order, replies in batches. */
export function servePrimary(
  transport: { send(message: Batch<Reply>): void; onMessage(listener: (message: unknown) => void): void },
  handlers: PrimaryHandlers, logger: Logger,
): void {
  const reply = batcher<Reply>((batch) => transport.send(batch), () => { /* the worker is gone: nobody waits */ });
  transport.onMessage((message) => {
    const batch = message as Batch<Call | Note>;
    if (batch?.cg !== 'batch') return;
    for (const m of batch.items) {
      const handler = handlers[m.method];
      const answer = (r: Omit<Reply, 'cg' | 'id'>) => { if (m.cg === 'call') reply({ cg: 'reply', id: m.id, ...r }); };
      if (!handler) { answer({ error: `no method ${m.method}` }); continue; }
      // A handler runs now, before the next item's: a take and a usage note act in the order they were made.
      let result: unknown;
      try {
        result = (handler as (...a: unknown[]) => unknown)(...m.args);
      } catch (err) {
        result = Promise.reject(err);
      }
      Promise.resolve(result).then((r) => answer({ result: r }), (err: Error) => {
        logger.error({ err, method: m.method }, 'a worker\'s call to the primary failed');
        answer({ error: err.message });
      });
    }
  });
}

function serve(worker: Worker, handlers: PrimaryHandlers, logger: Logger): void {
  servePrimary({
    send: (message) => { if (worker.isConnected()) worker.send(message); },
    onMessage: (listener) => { worker.on('message', listener); },
  }, handlers, logger);
}

// ---- the primary -----------------------------------------------------------------------------

export interface Primary {
  /** The workers running now (their pids). */
  pids(): number[];
  /** Stops every worker gracefully (no more replacements), then resolves. */
  stop(): Promise<void>;
}

/**
 * Forks `workers` workers of the running script and keeps that many. A worker that dies within
 * `crashWindowMs` of its start is replaced after a delay doubling up to 30 s, so a gateway that
 * cannot start (database down) does not fork in a tight loop.
 */
export function startPrimary(opts: { workers: number; handlers: PrimaryHandlers; logger: Logger; crashWindowMs?: number }): Primary {
  const { logger } = opts;
  const running = new Set<Worker>();
  let stopping = false;
  let delayMs = 0;
  const fork = () => {
    if (stopping) return;
    const worker = cluster.fork();
    const startedAt = Date.now();
    running.add(worker);
    serve(worker, opts.handlers, logger);
    worker.once('exit', (code, signal) => {
      running.delete(worker);
      if (stopping) return;
      delayMs = Date.now() - startedAt < (opts.crashWindowMs ?? 10_000) ? Math.min(30_000, Math.max(100, delayMs * 2)) : 0;
      logger.error({ pid: worker.process.pid, code, signal, restartInMs: delayMs }, 'gateway worker died; starting another');
      setTimeout(fork, delayMs);
    });
  };
  for (let i = 0; i < opts.workers; i++) fork();
  return {
    pids: () => [...running].map((w) => w.process.pid!),
    async stop() {
      stopping = true;
      // SIGTERM runs each worker's own graceful stop (gateway/main.ts): requests in flight are answered.
      await Promise.all([...running].map((w) => new Promise<void>((resolve) => {
        if (w.process.exitCode !== null || w.process.signalCode !== null) { resolve(); return; }
        w.once('exit', () => resolve());
        w.process.kill('SIGTERM');
      })));
    },
  };
}
