// What the peer gateways' bench entries share. Plain JavaScript on purpose: the peers run as their
// users run them, on Node without our TypeScript loader (tsx), which our own services need.

/** lib/subgraph-server.ts BENCH_CALLER_HEADER: the unsigned caller the subgraphs read in bench mode. */
export const BENCH_CALLER_HEADER = 'x-creditgraph-bench-caller';

/** bench/processes.ts announce(): the first stdout line tells the bench the service is up. */
export function announce(ready) {
  process.stdout.write(`BENCH_READY ${JSON.stringify(ready)}\n`);
}

/** bench/processes.ts stopOnSignal(): close, then exit normally (so --cpu-prof writes its profile). */
export function stopOnSignal(close) {
  const stop = () => { close().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); }); };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
