/**
 * The CreditGraph gateway for the bench, in its own process, as `npm start` runs it. With `--bare`
 * (`creditgraph-bare`) it is built without authorization and metering, through startGateway's
 * options (no setting of production can do that), so that the bench measures what they cost.
 * With `--workers` (`creditgraph-workers-N`, GATEWAY_WORKERS=N in the environment) it is the
 * primary of N workers, `runPrimary` of gateway/main.ts as `npm start` runs it: the workers take
 * their rate-limit tokens and count their usage in the primary over the cluster's IPC channel, and
 * the primary announces the workers' pids with the URL, so that the bench counts their CPU and RSS.
 * With BENCH_DIAG=1 it reports on stderr, when stopped, how long the event loop was held up and
 * how long the metering flushes took, and the response cache's counts (BENCH_VERBOSE=1 shows it).
 */
import cluster from 'node:cluster';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadGatewayConfig } from '../../gateway/config.ts';
import { runPrimary, startGateway } from '../../gateway/main.ts';
import { announce, stopOnSignal } from '../processes.ts';

/** What a worker tells its primary once it listens (the cluster channel ignores other messages). */
interface WorkerReady { bench: 'ready'; url: string }

async function primary(): Promise<void> {
  const config = loadGatewayConfig(process.env);
  const ready = new Map<number, string>();
  // Listening before forking: a worker that starts fast must not be missed.
  const all = new Promise<string>((resolve) => {
    cluster.on('message', (worker, m: WorkerReady) => {
      if (m?.bench !== 'ready') return;
      ready.set(worker.process.pid!, m.url);
      if (ready.size === config.workers) resolve(m.url);
    });
  });
  const p = await runPrimary(config);
  const url = await all;
  // The primary first: the bench reads its own CPU (the IPC round trips' other end) apart.
  announce({ url, pids: [process.pid, ...p.pids()] });
}

async function main(): Promise<void> {
  if (process.argv.includes('--workers') && cluster.isPrimary) return primary();
  const bare = process.argv.includes('--bare');
  // Workers share one port: port 0 in a cluster worker is the same port for all of them.
  const gateway = await startGateway(process.env, { port: 0, ...(bare ? { authorization: false, metering: false } : {}) });
  if (cluster.isWorker) {
    // The primary handles SIGTERM (gateway/main.ts: stop the workers, each closing gracefully).
    stopOnSignal(() => gateway.close());
    process.send!({ bench: 'ready', url: gateway.url } satisfies WorkerReady);
    return;
  }
  const diag = process.env.BENCH_DIAG === '1';
  const delay = monitorEventLoopDelay({ resolution: 5 });
  const flushes: number[] = [];
  if (diag) {
    delay.enable();
    const recorder = gateway.metering.recorder;
    const flush = recorder.flush.bind(recorder);
    recorder.flush = async () => {
      const t = performance.now();
      try { await flush(); } finally { flushes.push(performance.now() - t); }
    };
  }
  stopOnSignal(async () => {
    if (diag) {
      const ms = (ns: number) => (ns / 1e6).toFixed(1);
      console.error(`diag: event loop delay p50 ${ms(delay.percentile(50))} ms, p99 ${ms(delay.percentile(99))} ms, max ${ms(delay.max)} ms; ` +
        `metering flushes ${flushes.length}, mean ${(flushes.reduce((s, x) => s + x, 0) / Math.max(1, flushes.length)).toFixed(1)} ms, max ${Math.max(0, ...flushes).toFixed(1)} ms; ` +
        `response cache ${JSON.stringify(gateway.responseCache?.stats ?? null)}, served at the door ${gateway.frontDoor?.stats.served ?? 0}`);
    }
    await gateway.close();
  });
  announce({ url: gateway.url, pids: [process.pid] });
}

main().catch((err) => { console.error(err); process.exit(1); });
