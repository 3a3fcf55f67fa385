/**
 * What a bench run found: the table (workload × gateway), the ratios against the peers and against
 * our gateway with authorization and metering off, the access log's cost, the scale check, the
 * targets of issue 6 met or not, and `bench/results/latest.json`.
 */
import { cpus } from 'node:os';
import type { Measurement } from './load.ts';
import type { WorkloadName } from './workloads.ts';

export const GATEWAYS = ['creditgraph', 'creditgraph-bare', 'apollo-gateway', 'hive-gateway'] as const;
/**
 * Experiments only (`--gateways …,creditgraph-b --b-env K=V`): our gateway with other settings; and
 * the response cache's rows (issue 18, `--workloads public-hot,mixed-hot`): ours with the cache off,
 * and Hive Gateway with its response-cache plugin.
 */
export const EXTRA_GATEWAYS = ['creditgraph-b', 'creditgraph-nocache', 'hive-gateway-cache', 'creditgraph-workers'] as const;
/** `creditgraph-workers` as run: a primary and N workers (`--workers N,…`, one row per count). */
export type WorkersGateway = `creditgraph-workers-${number}`;
export type GatewayName = (typeof GATEWAYS)[number] | (typeof EXTRA_GATEWAYS)[number] | WorkersGateway;

/** N of `creditgraph-workers-N`; null for any other gateway. */
export function workersOf(name: GatewayName): number | null {
  const m = /^creditgraph-workers-(\d+)$/.exec(name);
  return m ? Number(m[1]) : null;
}

export interface Run extends Measurement {
  workload: WorkloadName;
  gateway: GatewayName;
  /** `real`: the subgraphs answer every call; `gateway-only`: their answers are replayed. */
  mode: 'real' | 'gateway-only';
  dataset: string;
  connections: number;
  durationSeconds: number;
  /** Rounds measured; the figures are those of the median round (by rps). */
  rounds: number;
  roundsRps: number[];
  /** Measured at this offered rate (`--offered-rps`; the median round by p99); absent: at saturation. */
  offeredRps?: number;
}

export interface AccessLogCost {
  workload: 'person-self';
  gateway: 'creditgraph';
  on: Run;
  off: Run;
  /** 1 − rps(on) / rps(off). */
  throughputCost: number;
  p50CostMs: number;
}

export interface ScaleCheck {
  workload: 'single-archive';
  gateway: 'creditgraph';
  connections: number;
  small: Run;
  large: Run;
  /** p50 at the large data set / p50 at the small one. */
  p50Ratio: number;
  target: number;
  met: boolean;
}

export interface Target {
  name: string;
  met: boolean | null;
  detail: string;
}

export interface Ratio {
  workload: WorkloadName;
  vsApolloRps: number | null;
  vsHiveRps: number | null;
  vsBareRps: number | null;
  authzMeteringCost: number | null;
  p99VsApollo: number | null;
  p99VsHive: number | null;
}

/**
 * creditgraph in one process beside the primary + N workers, on one workload: what the cluster
 * costs per request (the workers' round trips to the primary for rate-limit tokens, usage notes and
 * quota counts, and the primary's answers), read from CPU per request, which moves far less with
 * the machine's other load than req/s does.
 */
export interface WorkersCost {
  workload: WorkloadName;
  gateway: WorkersGateway;
  workers: number;
  rps: number;
  /** rps over creditgraph's (one process, same run). */
  rpsVsInProcess: number;
  /** Gateway CPU per request, all its processes. */
  gatewayCpuMsPerRequest: number;
  /** … of which the primary's. */
  primaryCpuMsPerRequest: number | null;
  /** gatewayCpuMsPerRequest − creditgraph's: the cluster's cost per request, in CPU. */
  extraCpuMsPerRequest: number;
  p50Ms: number;
  /** p50 − creditgraph's p50. */
  extraP50Ms: number;
}

export interface Report {
  generatedAt: string;
  machine: { cpus: number; model: string; node: string; platform: string };
  options: Record<string, unknown>;
  datasets: Array<{ key: string; enterprises: number; persons: number; archiveRecords: number; loans: number; role: string }>;
  runs: Run[];
  ratios: Ratio[];
  /** The hot workloads again at `--offered-rps` (null: not measured): latency at a stated load. */
  atOfferedRate?: Run[] | null;
  /** The same workloads with the subgraphs' answers replayed: what each gateway itself costs. */
  gatewayOnly: { runs: Run[]; ratios: Ratio[] } | null;
  accessLog: AccessLogCost | { workload: 'person-self'; notMeasured: string } | null;
  scale: ScaleCheck | null;
  /** creditgraph-workers-N against creditgraph (null: no workers row in the run). */
  workers?: WorkersCost[] | null;
  targets: Target[];
}

export function machine() {
  return { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform}-${process.arch}` };
}

const find = (runs: Run[], workload: string, gateway: GatewayName) => runs.find((r) => r.workload === workload && r.gateway === gateway);
const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && b > 0 ? a / b : null);

export function ratiosOf(runs: Run[]): Ratio[] {
  const workloads = [...new Set(runs.map((r) => r.workload))];
  return workloads.map((w) => {
    const cg = find(runs, w, 'creditgraph');
    const bare = find(runs, w, 'creditgraph-bare');
    const apollo = find(runs, w, 'apollo-gateway');
    const hive = find(runs, w, 'hive-gateway');
    const vsBare = ratio(cg?.rps, bare?.rps);
    return {
      workload: w,
      vsApolloRps: ratio(cg?.rps, apollo?.rps),
      vsHiveRps: ratio(cg?.rps, hive?.rps),
      vsBareRps: vsBare,
      authzMeteringCost: vsBare === null ? null : 1 - vsBare,
      p99VsApollo: ratio(cg?.p99Ms, apollo?.p99Ms),
      p99VsHive: ratio(cg?.p99Ms, hive?.p99Ms),
    };
  });
}

export function workersCost(runs: Run[]): WorkersCost[] {
  const out: WorkersCost[] = [];
  for (const r of runs) {
    const workers = workersOf(r.gateway);
    const base = find(runs, r.workload, 'creditgraph');
    if (workers === null || !base) continue;
    out.push({
      workload: r.workload, gateway: r.gateway as WorkersGateway, workers, rps: r.rps, rpsVsInProcess: r.rps / base.rps,
      gatewayCpuMsPerRequest: r.gatewayCpuMsPerRequest, primaryCpuMsPerRequest: r.primaryCpuMsPerRequest,
      extraCpuMsPerRequest: r.gatewayCpuMsPerRequest - base.gatewayCpuMsPerRequest,
      p50Ms: r.p50Ms, extraP50Ms: r.p50Ms - base.p50Ms,
    });
  }
  return out;
}

export function targetsOf(runs: Run[], scale: ScaleCheck | null, otherRuns: Run[] = []): Target[] {
  const w = 'cross-subgraph';
  const cg = find(runs, w, 'creditgraph');
  const bare = find(runs, w, 'creditgraph-bare');
  const apollo = find(runs, w, 'apollo-gateway');
  const hive = find(runs, w, 'hive-gateway');
  const x = (v: number | null) => (v === null ? 'n/a' : `${v.toFixed(2)}x`);
  const t: Target[] = [];
  const vsApollo = ratio(cg?.rps, apollo?.rps);
  t.push({ name: 'cross-subgraph throughput ≥ 2x bare @apollo/gateway', met: vsApollo === null ? null : vsApollo >= 2, detail: x(vsApollo) });
  const vsHive = ratio(cg?.rps, hive?.rps);
  t.push({ name: 'cross-subgraph throughput ≥ 1.5x Hive Gateway', met: vsHive === null ? null : vsHive >= 1.5, detail: x(vsHive) });
  const p99 = cg && apollo && hive ? cg.p99Ms <= apollo.p99Ms && cg.p99Ms <= hive.p99Ms : null;
  t.push({
    name: 'cross-subgraph p99 no worse than either peer', met: p99,
    detail: cg && apollo && hive ? `${cg.p99Ms.toFixed(1)} ms vs ${apollo.p99Ms.toFixed(1)} (apollo), ${hive.p99Ms.toFixed(1)} (hive)` : 'n/a',
  });
  const cost = cg && bare ? 1 - cg.rps / bare.rps : null;
  t.push({ name: 'authorization + metering cost ≤ 10% (cross-subgraph)', met: cost === null ? null : cost <= 0.10, detail: cost === null ? 'n/a' : `${(cost * 100).toFixed(1)}%` });
  t.push({
    name: 'single-archive p50 at the large data set ≤ 1.3x the small', met: scale ? scale.met : null,
    detail: scale ? `${scale.large.p50Ms.toFixed(2)} ms vs ${scale.small.p50Ms.toFixed(2)} ms = ${scale.p50Ratio.toFixed(2)}x` : 'n/a',
  });
  const withErrors = [...runs, ...otherRuns, ...(scale ? [scale.small, scale.large] : [])].filter((r) => r.errors > 0)
    .map((r) => `${r.workload}/${r.gateway} (${r.mode}, ${r.dataset})`);
  t.push({ name: 'no run carried errors', met: withErrors.length === 0, detail: withErrors.length ? withErrors.join(', ') : 'none' });
  return t;
}

// --------------------------------------------------------------------------- text

const pad = (s: string, n: number, right = false) => (right ? s.padStart(n) : s.padEnd(n));
const num = (v: number, digits = 0) => (Number.isFinite(v) ? v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '-');

export function table(runs: Run[]): string {
  const head = ['workload', 'gateway', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'RSS MB', 'SQL/req', 'gw CPU ms/req', 'sg CPU ms/req'];
  const rows = runs.map((r) => [
    r.workload, r.gateway, num(r.rps), num(r.p50Ms, 2), num(r.p99Ms, 2), String(r.errors), num(r.rssMbMax), num(r.sqlPerRequest, 1),
    num(r.gatewayCpuMsPerRequest, 2), num(r.subgraphsCpuMsPerRequest, 2),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!, i >= 2)).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function ratioLines(ratios: Ratio[]): string[] {
  const f = (v: number | null) => (v === null ? '   n/a' : `${v.toFixed(2)}x`.padStart(6));
  return ratios.map((r) => `  ${r.workload.padEnd(15)} vs apollo-gateway ${f(r.vsApolloRps)}   vs hive-gateway ${f(r.vsHiveRps)}   ` +
    `authz+metering cost ${r.authzMeteringCost === null ? 'n/a' : `${(r.authzMeteringCost * 100).toFixed(1)}%`.padStart(6)}   ` +
    `p99 vs apollo ${f(r.p99VsApollo)}  vs hive ${f(r.p99VsHive)}`);
}

export function summary(report: Report): string {
  const out: string[] = [];
  out.push('All subgraphs answering (the comparison the targets are about):');
  out.push(table(report.runs));
  out.push('');
  out.push('Ratios (creditgraph over …; req/s, higher is better; p99, lower is better):');
  out.push(...ratioLines(report.ratios));
  if (report.atOfferedRate?.length) {
    out.push('');
    out.push(`At ${num(report.atOfferedRate[0]!.offeredRps!)} requests/s offered, paced (latency at a stated load, from when each request was due; ` +
      'req/s under the rate: the gateway fell behind):');
    out.push(table(report.atOfferedRate));
  }
  if (report.gatewayOnly) {
    out.push('');
    out.push('Gateway-only (subgraph answers replayed once a document has been answered: what each gateway itself costs):');
    out.push(table(report.gatewayOnly.runs));
    out.push('');
    out.push(...ratioLines(report.gatewayOnly.ratios));
  }
  if (report.accessLog && 'on' in report.accessLog) {
    const a = report.accessLog;
    out.push('');
    out.push(`Access log (person-self on creditgraph): ${num(a.on.rps)} req/s with it, ${num(a.off.rps)} without: ` +
      `cost ${(a.throughputCost * 100).toFixed(1)}% of throughput, p50 ${a.on.p50Ms.toFixed(2)} vs ${a.off.p50Ms.toFixed(2)} ms`);
  } else if (report.accessLog) {
    out.push('');
    out.push(`Access log: ${report.accessLog.notMeasured}`);
  }
  if (report.workers?.length) {
    out.push('');
    out.push('Workers (creditgraph as a primary + N workers, against creditgraph in one process; CPU per request over all the gateway\'s processes):');
    for (const w of report.workers) {
      out.push(`  ${w.workload.padEnd(15)} ${w.gateway.padEnd(22)} ${num(w.rps).padStart(6)} req/s (${w.rpsVsInProcess.toFixed(2)}x)  ` +
        `gw CPU ${w.gatewayCpuMsPerRequest.toFixed(3)} ms/req (${w.extraCpuMsPerRequest >= 0 ? '+' : ''}${w.extraCpuMsPerRequest.toFixed(3)}), ` +
        `of which the primary ${w.primaryCpuMsPerRequest === null ? 'n/a' : w.primaryCpuMsPerRequest.toFixed(3)} ms/req  ` +
        `p50 ${w.p50Ms.toFixed(2)} ms (${w.extraP50Ms >= 0 ? '+' : ''}${w.extraP50Ms.toFixed(2)})`);
    }
  }
  if (report.scale) {
    const s = report.scale;
    out.push('');
    out.push(`Scale (single-archive on creditgraph, ${s.connections} connection${s.connections > 1 ? 's' : ''}): ` +
      `p50 ${s.small.p50Ms.toFixed(2)} ms at ${s.small.dataset} enterprises, ${s.large.p50Ms.toFixed(2)} ms at ${s.large.dataset}: ` +
      `${s.p50Ratio.toFixed(2)}x (target ≤ ${s.target}x) ${s.met ? 'MET' : 'NOT MET'}; ` +
      `p99 ${s.small.p99Ms.toFixed(2)} / ${s.large.p99Ms.toFixed(2)} ms; SQL/req ${num(s.small.sqlPerRequest, 1)} / ${num(s.large.sqlPerRequest, 1)}`);
  }
  out.push('');
  out.push('Targets (issue 6; all subgraphs answering):');
  for (const t of report.targets) out.push(`  [${t.met === null ? ' n/a ' : t.met ? ' met ' : 'NOT MET'}] ${t.name}: ${t.detail}`);
  const cross = report.gatewayOnly?.ratios.find((r) => r.workload === 'cross-subgraph');
  if (cross) {
    const x = (v: number | null) => (v === null ? 'n/a' : `${v.toFixed(2)}x`);
    out.push(`  for reference, gateway-only cross-subgraph: ${x(cross.vsApolloRps)} bare @apollo/gateway, ${x(cross.vsHiveRps)} Hive Gateway, ` +
      `authz+metering cost ${cross.authzMeteringCost === null ? 'n/a' : `${(cross.authzMeteringCost * 100).toFixed(1)}%`}`);
  }
  const errorRuns = [...report.runs, ...(report.gatewayOnly?.runs ?? [])].filter((r) => r.errors > 0);
  for (const r of errorRuns) {
    out.push('');
    out.push(`! ${r.workload}/${r.gateway} (${r.mode}): ${r.errors} errors (non-2xx ${r.non2xx}, GraphQL ${r.graphqlErrors}, socket ${r.socketErrors}, invalid ${r.invalid}); e.g.`);
    for (const e of r.errorSamples.slice(0, 3)) out.push(`    ${e}`);
  }
  return out.join('\n');
}
