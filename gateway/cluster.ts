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

type Handler = (...args: never[]) => unknown;
export type PrimaryHandlers = Record<string, Handler>;

interface Call { cg: 'call'; id: number; method: string; args: unknown[] }
interface Note { cg: 'note'; method: string; args: unknown[] }
interface Reply { cg: 'reply'; id: number; result?: unknown; error?: string }

let channel: { next: number; waiting: Map<number, { resolve(v: unknown): void; reject(e: Error): void }> } | null = null;

function workerChannel() {
  if (channel) return channel;
  const c = (channel = { next: 0, waiting: new Map() });
  process.on('message', (m: Reply) => {
    if (m?.cg !== 'reply') return;
    const w = c.waiting.get(m.id);
    c.waiting.delete(m.id);
    if (m.error !== undefined) w?.reject(new Error(`primary: ${m.error}`));
    else w?.resolve(m.result);
  });
  return c;
}

/** In a worker: asks the primary to run `method` and resolves with its answer. */
export function callPrimary<T>(method: string, args: unknown[]): Promise<T> {
  const c = workerChannel();
  const id = ++c.next;
  return new Promise<T>((resolve, reject) => {
    c.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
    process.send!({ cg: 'call', id, method, args } satisfies Call, undefined, undefined, (err) => {
      if (err) { c.waiting.delete(id); reject(err); }
    });
  });
}

/** In a worker: tells the primary something that needs no answer (kept in order with the calls). */
export function notePrimary(method: string, args: unknown[]): void {
  process.send!({ cg: 'note', method, args } satisfies Note, undefined, undefined, () => { /* primary gone: the worker exits with it */ });
}

function serve(worker: Worker, handlers: PrimaryHandlers, logger: Logger): void {
  worker.on('message', (m: Call | Note) => {
    if (m?.cg !== 'call' && m?.cg !== 'note') return;
    const handler = handlers[m.method];
    const reply = (r: Omit<Reply, 'cg' | 'id'>) => {
      if (m.cg === 'call' && worker.isConnected()) worker.send({ cg: 'reply', id: m.id, ...r } satisfies Reply);
    };
    if (!handler) { reply({ error: `no method ${m.method}` }); return; }
    Promise.resolve()
      .then(() => (handler as (...a: unknown[]) => unknown)(...m.args))
      .then((result) => reply({ result }), (err: Error) => {
        logger.error({ err, method: m.method }, 'a worker\'s call to the primary failed');
        reply({ error: err.message });
      });
  });
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
