/**
 * The CreditGraph gateway for the bench, in its own process, as `npm start` runs it. With `--bare`
 * (`creditgraph-bare`) it is built without authorization and metering, through startGateway's
 * options (no setting of production can do that), so that the bench measures what they cost.
 * With BENCH_DIAG=1 it reports on stderr, when stopped, how long the event loop was held up and
 * how long the metering flushes took (BENCH_VERBOSE=1 shows it).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startGateway } from '../../gateway/main.ts';
import { announce, stopOnSignal } from '../processes.ts';

async function main(): Promise<void> {
  const bare = process.argv.includes('--bare');
  const gateway = await startGateway(process.env, { port: 0, ...(bare ? { authorization: false, metering: false } : {}) });
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
        `metering flushes ${flushes.length}, mean ${(flushes.reduce((s, x) => s + x, 0) / Math.max(1, flushes.length)).toFixed(1)} ms, max ${Math.max(0, ...flushes).toFixed(1)} ms`);
    }
    await gateway.close();
  });
  announce({ url: gateway.url });
}

main().catch((err) => { console.error(err); process.exit(1); });
