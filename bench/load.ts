/**
 * One measured run: autocannon on loopback against one gateway with one workload, bounded in
 * time, after a warm-up; or, at an offered rate, a paced open loop of our own (`firePaced`).
 * Latencies are kept per response (autocannon's own histogram rounds to whole milliseconds); every
 * response body is checked for GraphQL `errors`, and every Nth is parsed and checked for the data
 * the workload expects. While it runs, the gateway's RSS and CPU and the subgraphs' CPU are sampled
 * from /proc, and the subgraphs' SQL statements are counted.
 */
import autocannon from 'autocannon';
import { firePaced } from './paced.ts';
import { newTally, responseChecker, type Tally } from './tally.ts';
import { cpuSeconds, rssBytes } from './processes.ts';
import type { Workload } from './workloads.ts';

export interface SqlCounter {
  reset(): Promise<void>;
  read(): Promise<number>;
}

/** Subgraph HTTP calls so far (known with --stub-subgraphs). */
export type CallCounter = () => Promise<number>;

export interface RunOptions {
  url: string;
  workload: Workload;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** Parse and check every Nth response in full. */
  checkEvery: number;
  /** Requests sent one by one after the run to count SQL statements per request. */
  sqlSample: number;
  /**
   * The gateway's processes: its one process, or a cluster's primary first and then its workers
   * (their CPU and RSS are summed; the primary's CPU is also reported apart).
   */
  gatewayPids: number[];
  subgraphPids: number[];
  sql: SqlCounter;
  calls?: CallCounter;
  /**
   * Requests per second offered, paced (`firePaced`): latency at a stated load. Unset: each
   * connection sends its next request as soon as the last is answered (saturation, where latency
   * is mostly queueing).
   */
  offeredRps?: number;
}

export interface Measurement {
  requests: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  meanMs: number;
  /** non2xx + graphqlErrors + socketErrors + invalid. */
  errors: number;
  non2xx: number;
  /** 2xx responses whose body carries GraphQL `errors`. */
  graphqlErrors: number;
  socketErrors: number;
  /** Sampled 2xx responses without `errors` that lack the expected data. */
  invalid: number;
  checked: number;
  errorSamples: string[];
  /** The gateway's RSS, summed over its processes. */
  rssMbMax: number;
  rssMbMean: number;
  /** Processes the gateway ran as (1, or a cluster's primary + workers). */
  gatewayProcesses: number;
  /**
   * Of gatewayCpuMsPerRequest, what a cluster's primary spent (answering its workers' rate-limit
   * takes, usage notes and quota reads); null for a gateway of one process.
   */
  primaryCpuMsPerRequest: number | null;
  /** Percent of one core, over the measured window. */
  gatewayCpuPct: number;
  subgraphsCpuPct: number;
  /** Gateway CPU time per request (ms): its own cost, much less sensitive to other load on the machine than req/s. */
  gatewayCpuMsPerRequest: number;
  subgraphsCpuMsPerRequest: number;
  /** CPU the load generator (this process, autocannon) spent per request: the same work for every gateway. */
  loadCpuMsPerRequest: number;
  /**
   * Requests per CPU-second of the system under test (gateway + subgraphs): what one core would
   * serve. On a shared machine this moves far less than req/s with what else is running.
   */
  rpsPerCore: number;
  /**
   * SQL statements per request, counted over `sqlSample` requests sent one at a time right after
   * the measured run (under load, requests in flight at the window's edges blur the count).
   */
  sqlPerRequest: number;
  /** Subgraph calls per request, when counted (--stub-subgraphs). */
  subgraphCallsPerRequest: number | null;
  /** The measured window on the monotonic clock (µs), the clock V8 CPU profiles use. */
  windowUs: [number, number];
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** Saturation: each of the connections sends its next request as soon as the last is answered. Returns autocannon's socket error count. */
function fire(o: RunOptions, seconds: number, tally: Tally): Promise<number> {
  const responses = responseChecker(o, tally);
  return new Promise((resolve, reject) => {
    const instance = autocannon({
      url: o.url,
      connections: o.connections,
      duration: seconds,
      timeout: 30,
      requests: [{
        method: 'POST',
        setupRequest: (request) => {
          const next = o.workload.next();
          request.body = next.body;
          request.headers = next.headers;
          return request;
        },
        onResponse: (status, body) => responses.check(status, body),
      }],
    }, (err, result) => (err ? reject(err) : resolve(result.errors)));
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => { tally.latencies.push(responseTime); });
    instance.on('reqError', (err: Error) => { tally.socketErrors++; responses.sample(`socket: ${err.message}`); });
  });
}

async function sqlPerRequestOf(o: RunOptions): Promise<number> {
  if (o.sqlSample <= 0) return NaN;
  // Let the requests still in flight when the load stopped finish first: their statements would count.
  for (let i = 0, last = -1; i < 50; i++) {
    const now = await o.sql.read();
    if (now === last) break;
    last = now;
    await new Promise((r) => setTimeout(r, 200));
  }
  await o.sql.reset();
  for (let i = 0; i < o.sqlSample; i++) {
    const r = o.workload.next();
    await fetch(o.url, { method: 'POST', headers: r.headers, body: r.body }).then((res) => res.arrayBuffer());
  }
  return (await o.sql.read()) / o.sqlSample;
}

/**
 * Unmeasured load: the subgraphs' code (V8, Prisma, SQLite page cache) is warmed by every gateway's
 * queries before any gateway is measured, so the first one measured does not pay for it.
 */
export async function warm(o: Pick<RunOptions, 'url' | 'workload' | 'connections' | 'checkEvery'>, seconds: number): Promise<void> {
  const first = o.workload.first();
  await fetch(o.url, { method: 'POST', headers: first.headers, body: first.body }).then((r) => r.arrayBuffer());
  if (seconds > 0) await fire(o as RunOptions, seconds, newTally());
}

export async function measure(o: RunOptions): Promise<Measurement> {
  // The first subject alone first: every gateway starts (plans, and with --stub-subgraphs gets its
  // replayed answers) from the same request.
  await warm(o, o.warmupSeconds);
  const calls0 = o.calls ? await o.calls() : null;
  const rss: number[] = [];
  const sampleRss = () => {
    const bytes = o.gatewayPids.map(rssBytes).filter((b): b is number => b !== null);
    if (bytes.length) rss.push(bytes.reduce((s, b) => s + b, 0));
  };
  const cpu = (pid: number) => cpuSeconds(pid) ?? 0;
  const clustered = o.gatewayPids.length > 1;
  const primaryCpu0 = cpu(o.gatewayPids[0]!);
  const gwCpu0 = o.gatewayPids.reduce((s, p) => s + cpu(p), 0);
  const loadCpu0 = process.cpuUsage();
  const sgCpu0 = o.subgraphPids.reduce((s, p) => s + cpu(p), 0);
  sampleRss();
  const timer = setInterval(sampleRss, 250);
  const tally = newTally();
  const monoUs = () => Number(process.hrtime.bigint() / 1000n);
  const windowStart = monoUs();
  const started = performance.now();
  let autocannonErrors: number;
  try {
    autocannonErrors = await (o.offeredRps ? firePaced({ ...o, offeredRps: o.offeredRps }, o.durationSeconds, tally).then(() => 0) : fire(o, o.durationSeconds, tally));
  } finally {
    clearInterval(timer);
  }
  const seconds = (performance.now() - started) / 1000;
  const windowEnd = monoUs();
  sampleRss();
  const gwCpu = o.gatewayPids.reduce((s, p) => s + cpu(p), 0) - gwCpu0;
  const primaryCpu = cpu(o.gatewayPids[0]!) - primaryCpu0;
  const loadCpuUs = process.cpuUsage(loadCpu0);
  const loadCpu = (loadCpuUs.user + loadCpuUs.system) / 1e6;
  const sgCpu = o.subgraphPids.reduce((s, p) => s + cpu(p), 0) - sgCpu0;
  const sqlPerRequest = await sqlPerRequestOf(o);
  const calls = o.calls && calls0 !== null ? (await o.calls()) - calls0 : null;
  const sorted = Float64Array.from(tally.latencies).sort();
  const requests = sorted.length;
  const socketErrors = Math.max(tally.socketErrors, autocannonErrors);
  const mb = (b: number) => b / 1024 / 1024;
  return {
    requests,
    seconds,
    rps: requests / seconds,
    p50Ms: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    p99Ms: percentile(sorted, 99),
    meanMs: requests ? sorted.reduce((s, v) => s + v, 0) / requests : NaN,
    errors: tally.non2xx + tally.graphqlErrors + socketErrors + tally.invalid,
    non2xx: tally.non2xx,
    graphqlErrors: tally.graphqlErrors,
    socketErrors,
    invalid: tally.invalid,
    checked: tally.checked,
    errorSamples: [...tally.samples],
    rssMbMax: rss.length ? mb(Math.max(...rss)) : NaN,
    rssMbMean: rss.length ? mb(rss.reduce((s, v) => s + v, 0) / rss.length) : NaN,
    gatewayProcesses: o.gatewayPids.length,
    primaryCpuMsPerRequest: clustered && requests ? (primaryCpu * 1000) / requests : null,
    gatewayCpuPct: (gwCpu / seconds) * 100,
    subgraphsCpuPct: (sgCpu / seconds) * 100,
    gatewayCpuMsPerRequest: requests ? (gwCpu * 1000) / requests : NaN,
    subgraphsCpuMsPerRequest: requests ? (sgCpu * 1000) / requests : NaN,
    loadCpuMsPerRequest: requests ? (loadCpu * 1000) / requests : NaN,
    rpsPerCore: gwCpu + sgCpu > 0 ? requests / (gwCpu + sgCpu) : NaN,
    sqlPerRequest,
    subgraphCallsPerRequest: calls === null || !requests ? null : calls / requests,
    windowUs: [windowStart, windowEnd],
  };
}
