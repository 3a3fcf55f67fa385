/**
 * `npm run bench [-- options]`: seeds (or reuses) the data sets under bench/.data/, starts the
 * subgraphs once per data set, drives the same workloads through each gateway in turn (each in its
 * own process: started, warmed up, measured, stopped), prints the table, the ratios, the access
 * log's cost and the scale check, and writes bench/results/latest.json.
 *
 * Options (defaults in brackets):
 *   --quick                 small smoke run: 2,000 enterprises, scale 1,000 vs 2,000, 3 s runs
 *   --duration S            measured seconds per run [10; quick 3]
 *   --warmup S              warm-up seconds before each run [2; quick 1]
 *   --connections N         concurrent connections [32]
 *   --rounds N              measure every gateway N times, round-robin, every other round in reverse
 *                           order; report the median round by req/s [3; quick 1]. Before the first
 *                           round every gateway drives every workload for the warm-up time, unmeasured,
 *                           so that the subgraphs are warm for whichever gateway is measured first
 *   --workloads a,b         [single-archive,page-50,person-self,cross-subgraph,public-hot,mixed-hot]
 *   --gateways a,b          [creditgraph,creditgraph-bare,apollo-gateway,hive-gateway]; `creditgraph-workers`
 *                           is our gateway as a primary + N workers (GATEWAY_WORKERS, as `npm start` runs it),
 *                           one row per --workers count
 *   --workers N,M           the worker counts of creditgraph-workers, each its own row `creditgraph-workers-N` [1,2]
 *   --enterprises N         throughput data set size [100000; quick 2000]
 *   --scale small,large     scale pair in enterprises [10000,1000000; quick 1000,2000]
 *   --scale-connections N   connections for the scale check (latency, not load) [1]
 *   --provider P            sqlite, or postgresql: the data sets on a throwaway PostgreSQL this run starts (as the
 *                           tests do: PG_BIN or /usr/lib/postgresql/<newest>/bin), one database per subgraph and
 *                           data set, seeded afresh each run [sqlite]
 *   --pg-data DIR           with --provider postgresql: keep the server's files in DIR (outside the repo) and reuse
 *                           them on later runs, data sets included (seeding 1 M enterprises takes ~10 min); a data
 *                           set whose database exists there is not seeded again (--reseed does not reach it:
 *                           delete DIR)
 *   --pg-shared-buffers S   with --provider postgresql: the server's shared_buffers [PostgreSQL's default, 128MB]
 *   --no-scale              skip the scale check
 *   --no-access-log-run     skip person-self against a person subgraph without access log
 *   --stub-subgraphs        only the gateway-only pass: subgraph answers replayed after the first per
 *                           document (bench/services/replay.ts), so the gateways' own cost is measured
 *   --no-gateway-only       skip the gateway-only pass that a full run makes after the main one
 *   --subjects N            distinct enterprises / pages per workload [10000]
 *   --hot-set N             enterprises of public-hot and mixed-hot [1000] (fewer on a slow machine, whose
 *                           short runs would otherwise not go round the hot set twice)
 *   --persons N             distinct persons (each with a token) for person-self [2000]
 *   --offered-rps N         also measure public-hot and mixed-hot at N requests/s offered, paced (load.ts): p50 and
 *                           p99 at a stated load, beside the saturated runs' (whose latency is mostly queueing
 *                           behind 32 connections); 0: skip [1000]
 *   --check-every N         parse and check every Nth response in full [50]
 *   --sql-sample N          requests sent one by one after each run to count SQL per request [40]
 *   --profile               run the gateways under --cpu-prof and print their top frames
 *   --profile-subgraphs     the same for the subgraphs (throughput data set)
 *   --diag                  our gateways report event-loop delay and metering flush times when stopped
 *   --gateway-node-args "…" extra Node flags for every gateway process (e.g. --max-semi-space-size=32)
 *   --creditgraph-env K=V,… extra environment for the creditgraph gateway (experiments, e.g. METERING_FLUSH_MS=100)
 *   --b-env K=V,…           with --gateways …,creditgraph-b: an A/B twin of creditgraph with this environment
 *   --b-root DIR            … and/or the gateway of another checkout (e.g. before a change)
 *   --reseed                delete and seed the data sets again
 *   --seed-only             prepare and seed the data sets, then stop
 *   --out FILE              [bench/results/latest.json]
 */
import { createReadStream, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { envPrefix, SUBGRAPHS, type SubgraphName } from '../lib/config.ts';
import { startPostgres } from '../tests/support/postgres.ts';
import { benchInstitution, DATA_ROOT, drawSamples, ensureDataset, gradeTrackerCaughtUp, specFor, type DatabaseHome, type Dataset } from './datasets.ts';
import { measure, warm, type CallCounter, type Measurement, type SqlCounter } from './load.ts';
import { launch, ROOT, type Service } from './processes.ts';
import { printProfile } from './profile.ts';
import {
  EXTRA_GATEWAYS, GATEWAYS, machine, ratiosOf, summary, targetsOf, workersCost, workersOf,
  type AccessLogCost, type GatewayName, type WorkersGateway, type Report, type Run, type ScaleCheck,
} from './report.ts';
import { writePeerSupergraph } from './supergraph.ts';
import { createWorkload, HOT_SET, WORKLOAD_NAMES, type Workload, type WorkloadName } from './workloads.ts';

const log = (line: string) => console.error(line);

function options() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      quick: { type: 'boolean', default: false },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string', default: '32' },
      rounds: { type: 'string' },
      workloads: { type: 'string', default: WORKLOAD_NAMES.join(',') },
      gateways: { type: 'string', default: GATEWAYS.join(',') },
      workers: { type: 'string', default: '1,2' },
      enterprises: { type: 'string' },
      scale: { type: 'string' },
      'scale-connections': { type: 'string', default: '1' },
      provider: { type: 'string', default: 'sqlite' },
      'pg-data': { type: 'string' },
      'pg-shared-buffers': { type: 'string' },
      'no-scale': { type: 'boolean', default: false },
      'no-access-log-run': { type: 'boolean', default: false },
      'stub-subgraphs': { type: 'boolean', default: false },
      'no-gateway-only': { type: 'boolean', default: false },
      diag: { type: 'boolean', default: false },
      subjects: { type: 'string', default: '10000' },
      'hot-set': { type: 'string', default: String(HOT_SET) },
      persons: { type: 'string', default: '2000' },
      'offered-rps': { type: 'string', default: '1000' },
      'check-every': { type: 'string', default: '50' },
      'sql-sample': { type: 'string', default: '40' },
      profile: { type: 'boolean', default: false },
      'profile-subgraphs': { type: 'boolean', default: false },
      'gateway-node-args': { type: 'string', default: '' },
      'creditgraph-env': { type: 'string', default: '' },
      'b-env': { type: 'string', default: '' },
      'b-root': { type: 'string' },
      reseed: { type: 'boolean', default: false },
      'seed-only': { type: 'boolean', default: false },
      out: { type: 'string', default: join(ROOT, 'bench', 'results', 'latest.json') },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  const int = (name: string, text: string | undefined, min: number): number => {
    const n = Number(String(text).replace(/_/g, ''));
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}; got ${text}`);
    return n;
  };
  const list = <T extends string>(name: string, text: string, allowed: readonly T[]): T[] => {
    const items = text.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = items.filter((i) => !(allowed as readonly string[]).includes(i));
    if (bad.length || items.length === 0) throw new Error(`--${name}: ${bad.join(', ') || '(none)'} not among ${allowed.join(', ')}`);
    return items as T[];
  };
  const envList = (name: string, text: string): Record<string, string> => Object.fromEntries(text.split(',').filter(Boolean).map((kv) => {
    const i = kv.indexOf('=');
    if (i <= 0) throw new Error(`--${name} takes KEY=VALUE,…; got ${kv}`);
    return [kv.slice(0, i), kv.slice(i + 1)];
  }));
  const quick = values.quick;
  const scale = (values.scale ?? (quick ? '1000,2000' : '10000,1000000')).split(',').map((s) => int('scale', s, 3));
  if (scale.length !== 2 || scale[0]! >= scale[1]!) throw new Error('--scale takes two sizes, small,large');
  return {
    help: values.help,
    quick,
    durationSeconds: int('duration', values.duration ?? (quick ? '3' : '10'), 1),
    warmupSeconds: int('warmup', values.warmup ?? (quick ? '1' : '2'), 0),
    connections: int('connections', values.connections, 1),
    rounds: int('rounds', values.rounds ?? (quick ? '1' : '3'), 1),
    workloads: list('workloads', values.workloads, WORKLOAD_NAMES),
    gateways: withWorkerCounts(list<GatewayName>('gateways', values.gateways, [...GATEWAYS, ...EXTRA_GATEWAYS]),
      values.workers.split(',').map((n) => int('workers', n, 1))),
    enterprises: int('enterprises', values.enterprises ?? (quick ? '2000' : '100000'), 3),
    scale: values['no-scale'] ? null : (scale as [number, number]),
    scaleConnections: int('scale-connections', values['scale-connections'], 1),
    provider: list('provider', values.provider, ['sqlite', 'postgresql'] as const)[0]!,
    pgData: values['pg-data'] ?? null,
    pgSharedBuffers: values['pg-shared-buffers'] ?? null,
    accessLogRun: !values['no-access-log-run'] && !values['stub-subgraphs'],
    stubSubgraphs: values['stub-subgraphs'],
    gatewayOnlyPass: !quick && !values['no-gateway-only'],
    diag: values.diag,
    subjects: int('subjects', values.subjects, 1),
    hotSet: int('hot-set', values['hot-set'], 1),
    persons: int('persons', values.persons, 1),
    offeredRps: int('offered-rps', values['offered-rps'], 0),
    checkEvery: int('check-every', values['check-every'], 1),
    sqlSample: int('sql-sample', values['sql-sample'], 0),
    profile: values.profile,
    profileSubgraphs: values['profile-subgraphs'],
    gatewayNodeArgs: values['gateway-node-args'].split(/\s+/).filter(Boolean),
    creditgraphEnv: envList('creditgraph-env', values['creditgraph-env']),
    bEnv: envList('b-env', values['b-env']),
    bRoot: values['b-root'] ?? null,
    reseed: values.reseed,
    seedOnly: values['seed-only'],
    out: values.out,
  };
}
type Options = ReturnType<typeof options>;

/** `creditgraph-workers` becomes one gateway per worker count: `creditgraph-workers-1`, `creditgraph-workers-2`, … */
function withWorkerCounts(gateways: GatewayName[], counts: number[]): GatewayName[] {
  return gateways.flatMap((g) => (g === 'creditgraph-workers' ? counts.map((n): GatewayName => `creditgraph-workers-${n}`) : [g]));
}

// --------------------------------------------------------------------------- services

interface Subgraphs {
  services: Service<{ url: string; statsUrl: string }>[];
  urls: Record<SubgraphName, string>;
  /** The person subgraph with an access log that keeps nothing (for the access log's cost). */
  personWithoutLog: string | null;
  sql: SqlCounter;
  calls?: CallCounter;
  pids: number[];
  stop(): Promise<void>;
}

async function startSubgraphs(d: Dataset, withoutLog: boolean, profileDir: string | null = null): Promise<Subgraphs> {
  const env = d.prepared.env;
  const entry = join('bench', 'services', 'subgraph.ts');
  const prof = (name: string) => (profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, `subgraph-${name}`)}`] : []);
  const started = await Promise.all([
    ...SUBGRAPHS.map((name) => launch<{ url: string; statsUrl: string }>(name, entry, { env, args: [name], nodeArgs: prof(name) })),
    ...(withoutLog ? [launch<{ url: string; statsUrl: string }>('person (no access log)', entry, { env, args: ['person', '--no-access-log'] })] : []),
  ]);
  // Measure the steady state, not a freshly seeded data set's catch-up (gradeTrackerCaughtUp's comment).
  await gradeTrackerCaughtUp(d, log).catch(async (err: unknown) => { await Promise.all(started.map((s) => s.stop())); throw err; });
  const byName = (i: number) => started[i]!;
  const urls = Object.fromEntries(SUBGRAPHS.map((name, i) => [name, byName(i).ready.url])) as Record<SubgraphName, string>;
  const post = (url: string) => fetch(url, { method: 'POST' }).then((r) => r.json() as Promise<{ statements: number }>);
  const get = (url: string) => fetch(url).then((r) => r.json() as Promise<{ statements: number }>);
  return {
    services: started,
    urls,
    personWithoutLog: withoutLog ? started[SUBGRAPHS.length]!.ready.url : null,
    sql: {
      reset: async () => { await Promise.all(started.map((s) => post(`${s.ready.statsUrl}/sql/reset`))); },
      read: async () => (await Promise.all(started.map((s) => get(`${s.ready.statsUrl}/sql`)))).reduce((sum, r) => sum + r.statements, 0),
    },
    pids: started.map((s) => s.pid),
    stop: async () => { await Promise.all(started.map((s) => s.stop())); },
  };
}

/** The same subgraphs behind replaying stubs (`--stub-subgraphs`). */
async function withReplay(sg: Subgraphs): Promise<Subgraphs> {
  const replay = await launch<{ urls: Record<SubgraphName, string> }>('replay', join('bench', 'services', 'replay.ts'), {
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    args: SUBGRAPHS.map((name) => `${name}=${sg.urls[name]}`),
  });
  return {
    ...sg,
    urls: replay.ready.urls,
    personWithoutLog: null,
    calls: async () => {
      const res = await fetch(new URL('/calls', replay.ready.urls.enterprise));
      return Object.values(await res.json() as Record<string, number>).reduce((a, b) => a + b, 0);
    },
    pids: [replay.pid],
    stop: async () => { await replay.stop(); await sg.stop(); },
  };
}

interface GatewayContext {
  dataset: Dataset;
  subgraphs: Subgraphs;
  peerSupergraph: string;
  opts: Options;
  profileDir: string | null;
}

const GATEWAY_ENTRIES: Record<Exclude<GatewayName, WorkersGateway>, string> = {
  creditgraph: 'creditgraph.ts',
  'creditgraph-workers': 'creditgraph.ts',
  'creditgraph-b': 'creditgraph.ts',
  'creditgraph-bare': 'creditgraph.ts',
  'creditgraph-nocache': 'creditgraph.ts',
  'hive-gateway-cache': 'hive-gateway.mjs',
  'apollo-gateway': 'apollo-gateway.mjs',
  'hive-gateway': 'hive-gateway.mjs',
};

/** What a gateway announces: its URL, and (ours) its processes' pids, a cluster's primary first. */
type GatewayService = Service<{ url: string; pids?: number[] }>;

function startGateway(name: GatewayName, c: GatewayContext, o: { personUrl?: string } = {}): Promise<GatewayService> {
  let env: Record<string, string | undefined>;
  const workers = workersOf(name);
  const ours = name === 'creditgraph' || name === 'creditgraph-bare' || name === 'creditgraph-b' || name === 'creditgraph-nocache' || workers !== null;
  if (ours) {
    const urls = Object.fromEntries(SUBGRAPHS.map((s) => [`${envPrefix(s)}_URL`, c.subgraphs.urls[s]]));
    if (o.personUrl) urls.PERSON_URL = o.personUrl;
    env = {
      ...c.dataset.prepared.env, ...urls, ...(c.opts.diag ? { BENCH_DIAG: '1' } : {}),
      // The response cache is on by default (64 MiB, gateway/config.ts); creditgraph sets it explicitly, nocache turns it off.
      ...(name === 'creditgraph' ? { RESPONSE_CACHE_BYTES: String(64 * 1024 * 1024), ...c.opts.creditgraphEnv } : {}),
      ...(name === 'creditgraph-b' ? { ...c.opts.creditgraphEnv, ...c.opts.bEnv } : {}),
      ...(name === 'creditgraph-nocache' ? { ...c.opts.creditgraphEnv, RESPONSE_CACHE_BYTES: '0' } : {}),
      // As creditgraph (cache and all), run as `npm start` runs it with GATEWAY_WORKERS; the buckets in
      // the primary even with one worker (whose default would be its own memory), so that the row
      // measures what the round trips to the primary cost.
      ...(workers !== null ? {
        RESPONSE_CACHE_BYTES: String(64 * 1024 * 1024), ...c.opts.creditgraphEnv, GATEWAY_WORKERS: String(workers), RATE_LIMIT_STORE: 'cluster',
      } : {}),
    };
  } else {
    // The peers as their projects run them in production; of ours, only the secret they sign with.
    env = {
      PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', APOLLO_TELEMETRY_DISABLED: 'true',
      BENCH_SUPERGRAPH_FILE: c.peerSupergraph, BENCH_CALLER_SECRET: c.dataset.prepared.env.CALLER_SIGNING_SECRET,
      ...(name === 'hive-gateway-cache' ? { BENCH_RESPONSE_CACHE: '1' } : {}),
    };
  }
  const nodeArgs = [...c.opts.gatewayNodeArgs];
  if (c.profileDir) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${join(c.profileDir, name)}`);
  // Every gateway runs under tsx, ours as `npm start` runs it, the peers (plain JavaScript) to load
  // the signing module they share with our gateway (lib/caller.ts): a loader, off the request path.
  const entry = join('bench', 'services', workers !== null ? 'creditgraph.ts' : GATEWAY_ENTRIES[name as Exclude<GatewayName, WorkersGateway>]);
  const args = name === 'creditgraph-bare' ? ['--bare'] : workers !== null ? ['--workers'] : [];
  if (name === 'creditgraph-b' && c.opts.bRoot) {
    return launch<{ url: string }>(name, join(c.opts.bRoot, entry), { env, nodeArgs, args, cwd: c.opts.bRoot });
  }
  return launch<{ url: string }>(name, entry, { env, nodeArgs, args });
}

// --------------------------------------------------------------------------- runs

const fmt = (m: Measurement) =>
  `${Math.round(m.rps).toLocaleString('en-US').padStart(7)} req/s  p50 ${m.p50Ms.toFixed(2).padStart(7)} ms  p99 ${m.p99Ms.toFixed(2).padStart(7)} ms  ` +
  `errors ${m.errors}  RSS ${Math.round(m.rssMbMax)} MB  SQL/req ${m.sqlPerRequest.toFixed(1)}  ` +
  `gw CPU ${Math.round(m.gatewayCpuPct)}% (${m.gatewayCpuMsPerRequest.toFixed(2)} ms/req)  sg CPU ${Math.round(m.subgraphsCpuPct)}% (${m.subgraphsCpuMsPerRequest.toFixed(2)} ms/req)  load ${m.loadCpuMsPerRequest.toFixed(2)} ms/req  ` +
  `${Math.round(m.rpsPerCore)} req/core-s${m.subgraphCallsPerRequest === null ? '' : `  ${m.subgraphCallsPerRequest.toFixed(2)} calls/req`}`;

/** The median round: by req/s for saturated runs, by p99 for runs at an offered rate (whose req/s is the rate). */
function median(ms: Measurement[], by: 'rps' | 'p99Ms' = 'rps'): Measurement {
  const sorted = [...ms].sort((a, b) => a[by] - b[by]);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** The workloads also measured at `--offered-rps`: the response cache's, whose latency target is absolute (issue 18). */
const OFFERED_RATE_WORKLOADS: readonly WorkloadName[] = ['public-hot', 'mixed-hot'];

async function runOne(
  label: string, url: string, workload: Workload, gw: GatewayService, sg: Subgraphs, opts: Options,
  o: { connections?: number; offeredRps?: number } = {},
): Promise<Measurement> {
  const m = await measure({
    url, workload, connections: o.connections ?? opts.connections, durationSeconds: opts.durationSeconds,
    // At an offered rate the gateway is warm from the saturated run just before; nothing to count in SQL.
    warmupSeconds: o.offeredRps ? 0 : opts.warmupSeconds, sqlSample: o.offeredRps ? 0 : opts.sqlSample, offeredRps: o.offeredRps,
    checkEvery: opts.checkEvery, gatewayPids: gw.ready.pids ?? [gw.pid], subgraphPids: sg.pids, sql: sg.sql, calls: sg.calls,
  });
  log(`  ${label.padEnd(40)} ${fmt(m)}`);
  if (m.errors > 0) for (const s of m.errorSamples.slice(0, 2)) log(`      ! ${s}`);
  return m;
}

/**
 * Every workload through every gateway, `rounds` times (round-robin, every other round reversed),
 * on one data set; `gateway-only` puts the replaying stubs in front of the subgraphs.
 */
async function throughputPass(throughput: Dataset, opts: Options, mode: 'real' | 'gateway-only', profileDir: string | null) {
  const runs: Run[] = [];
  const atOfferedRate: Run[] = [];
  let accessLog: Report['accessLog'] = null;
  const windows = new Map<GatewayName, Array<[number, number]>>();
  log(`\nthroughput on ${throughput.key}${mode === 'gateway-only' ? ', gateway-only (subgraph answers replayed once a document has been answered)' : ''}: starting the subgraphs…`);
  const needLogless = mode === 'real' && opts.accessLogRun && opts.workloads.includes('person-self') && opts.gateways.includes('creditgraph');
  const real = await startSubgraphs(throughput, needLogless, opts.profileSubgraphs ? profileDir : null);
  const sg = mode === 'gateway-only' ? await withReplay(real) : real;
  try {
    const peerSupergraph = writePeerSupergraph(throughput.dir, sg.urls);
    const institution = await benchInstitution(throughput);
    const samples = await drawSamples(throughput, { subjects: opts.subjects, persons: opts.workloads.some((w) => w === 'person-self' || w === 'mixed-hot') ? opts.persons : 0 });
    const ctx: GatewayContext = { dataset: throughput, subgraphs: sg, peerSupergraph, opts, profileDir };
    const results = new Map<string, Measurement[]>();
    const offered = new Map<string, Measurement[]>();
    const accessOff: Measurement[] = [];
    let runNo = 0;
    if (opts.warmupSeconds > 0) {
      log('warming the subgraphs: every gateway, every workload, unmeasured…');
      for (const g of opts.gateways) {
        const gw = await startGateway(g, { ...ctx, profileDir: null });
        try {
          for (const w of opts.workloads) {
            const workload = createWorkload(w, { samples, institution, runId: `${mode[0]}w${++runNo}`, hotSet: opts.hotSet });
            await warm({ url: gw.ready.url, workload, connections: opts.connections, checkEvery: opts.checkEvery }, opts.warmupSeconds);
          }
        } finally {
          await gw.stop();
        }
      }
    }
    for (let round = 1; round <= opts.rounds; round++) {
      if (opts.rounds > 1) log(`round ${round} of ${opts.rounds}`);
      // Every other round in reverse order: no gateway always runs first (or last) in a round.
      const order = round % 2 === 1 ? opts.gateways : [...opts.gateways].reverse();
      for (const g of order) {
        const gw = await startGateway(g, ctx);
        try {
          for (const w of opts.workloads) {
            const workload = createWorkload(w, { samples, institution, runId: `${mode[0]}${++runNo}`, hotSet: opts.hotSet });
            const mm = await runOne(`${w} / ${g}`, gw.ready.url, workload, gw, sg, opts);
            const key = `${w}|${g}`;
            results.set(key, [...(results.get(key) ?? []), mm]);
            windows.set(g, [...(windows.get(g) ?? []), mm.windowUs]);
            if (mode === 'real' && opts.offeredRps > 0 && OFFERED_RATE_WORKLOADS.includes(w)) {
              const paced = createWorkload(w, { samples, institution, runId: `${mode[0]}${++runNo}`, hotSet: opts.hotSet });
              const at = await runOne(`${w} / ${g} @ ${opts.offeredRps} req/s offered`, gw.ready.url, paced, gw, sg, opts, { offeredRps: opts.offeredRps });
              offered.set(key, [...(offered.get(key) ?? []), at]);
            }
          }
        } finally {
          await gw.stop();
        }
        if (g === 'creditgraph' && sg.personWithoutLog) {
          const off = await startGateway(g, ctx, { personUrl: sg.personWithoutLog });
          try {
            const workload = createWorkload('person-self', { samples, institution, runId: `${mode[0]}${++runNo}` });
            accessOff.push(await runOne('person-self / creditgraph, no access log', off.ready.url, workload, off, sg, opts));
          } finally {
            await off.stop();
          }
        }
      }
    }
    const toRun = (w: WorkloadName, g: GatewayName, ms: Measurement[], offeredRps?: number): Run => ({
      workload: w, gateway: g, mode, dataset: throughput.key, connections: opts.connections, durationSeconds: opts.durationSeconds,
      ...median(ms, offeredRps ? 'p99Ms' : 'rps'), rounds: ms.length, roundsRps: ms.map((x) => Math.round(x.rps)), ...(offeredRps ? { offeredRps } : {}),
    });
    for (const w of opts.workloads) for (const g of opts.gateways) runs.push(toRun(w, g, results.get(`${w}|${g}`)!));
    for (const w of opts.workloads) {
      for (const g of opts.gateways) {
        const ms = offered.get(`${w}|${g}`);
        if (ms) atOfferedRate.push(toRun(w, g, ms, opts.offeredRps));
      }
    }
    if (accessOff.length) {
      const on = runs.find((r) => r.workload === 'person-self' && r.gateway === 'creditgraph')!;
      const off = toRun('person-self', 'creditgraph', accessOff);
      accessLog = {
        workload: 'person-self', gateway: 'creditgraph', on, off,
        throughputCost: 1 - on.rps / off.rps, p50CostMs: on.p50Ms - off.p50Ms,
      } satisfies AccessLogCost;
    }
  } finally {
    await sg.stop();
  }
  return { runs, atOfferedRate, accessLog, windows };
}

async function main() {
  const opts = options();
  if (opts.help) {
    console.log(readUsage());
    return;
  }
  const m = machine();
  log(`bench: ${m.cpus} × ${m.model}, Node ${m.node}; ${opts.quick ? 'QUICK smoke run' : 'full run'}: ` +
    `${opts.durationSeconds} s per run after ${opts.warmupSeconds} s warm-up, ${opts.connections} connections, ${opts.rounds} round(s)`);

  // 1. Data sets (seeded once, reused afterwards; on PostgreSQL, seeded on this run's own server).
  const home: DatabaseHome = opts.provider === 'postgresql'
    ? {
      provider: 'postgresql',
      server: await startPostgres({
        ...(opts.pgData ? { keepIn: resolve(opts.pgData) } : {}),
        ...(opts.pgSharedBuffers ? { settings: { shared_buffers: opts.pgSharedBuffers } } : {}),
      }),
    }
    : { provider: 'sqlite' };
  // A kept server is stopped cleanly (a checkpoint), so that the next run starts without crash recovery.
  if (home.provider === 'postgresql') atEnd.push(() => home.server.stop());
  if (home.provider === 'postgresql') {
    log(`provider postgresql: ${opts.pgData ? `a server kept in ${opts.pgData} (reused)` : 'a throwaway server for this run'} (tests/support/postgres.ts)` +
      `, shared_buffers ${opts.pgSharedBuffers ?? 'default'}`);
  }
  const throughputSpec = specFor(opts.enterprises);
  const throughput = await ensureDataset(throughputSpec, { reseed: opts.reseed, log, home });
  log(`dataset ${throughput.key}: ${throughput.counts.enterprises.toLocaleString('en-US')} enterprises, ` +
    `${throughput.counts.archiveRecords.toLocaleString('en-US')} archive records, ${throughput.counts.persons.toLocaleString('en-US')} persons, ` +
    `${throughput.counts.loans.toLocaleString('en-US')} loans${throughput.seededSeconds ? ` (seeded in ${throughput.seededSeconds.toFixed(0)} s)` : ' (reused)'}`);
  if (!opts.quick && (throughput.counts.enterprises < 100_000 || throughput.counts.archiveRecords < 1_000_000)) {
    log('! the throughput data set is below 100,000 enterprises / 1,000,000 archive records (issue 6)');
  }
  const scaleSets: Dataset[] = [];
  if (opts.scale) {
    for (const n of opts.scale) {
      const d = n === opts.enterprises && !opts.reseed ? throughput : await ensureDataset(specFor(n), { reseed: opts.reseed, log, home });
      log(`dataset ${d.key}: ${d.counts.enterprises.toLocaleString('en-US')} enterprises, ${d.counts.archiveRecords.toLocaleString('en-US')} archive records` +
        `${d.seededSeconds ? ` (seeded in ${d.seededSeconds.toFixed(0)} s)` : ' (reused)'}`);
      scaleSets.push(d);
    }
  }

  if (opts.seedOnly) return;
  const profileDir = opts.profile || opts.profileSubgraphs ? join(DATA_ROOT, 'profiles', new Date().toISOString().replace(/[:.]/g, '-')) : null;
  let scale: ScaleCheck | null = null;

  // 2. Throughput: subgraphs once, each gateway in turn; then the same gateway-only.
  const main = await throughputPass(throughput, opts, opts.stubSubgraphs ? 'gateway-only' : 'real', profileDir);
  const runs = main.runs;
  const accessLog = main.accessLog;
  const profileWindows = main.windows;
  let gatewayOnly: Report['gatewayOnly'] = null;
  if (opts.gatewayOnlyPass && !opts.stubSubgraphs) {
    const pass = await throughputPass(throughput, opts, 'gateway-only', null);
    gatewayOnly = { runs: pass.runs, ratios: ratiosOf(pass.runs) };
  }

  // 3. Scale: single-archive latency (not load) on creditgraph at the small and the large data set.
  if (opts.scale) {
    const scaleRuns: Run[] = [];
    const subjects = Math.min(opts.subjects, scaleSets[0]!.counts.enterprises);
    for (const d of scaleSets) {
      log(`\nscale on ${d.key}: ${d.prepared.provider === 'sqlite' ? 'reading the database files once (the OS file cache holds both data sets alike), ' : ''}starting the subgraphs…`);
      // PostgreSQL's files were written by this run's seed moments ago: in the OS cache already.
      if (d.prepared.provider === 'sqlite') await warmFileCache(d);
      const sg = await startSubgraphs(d, false);
      try {
        const institution = await benchInstitution(d);
        const samples = await drawSamples(d, { subjects, persons: 0 });
        const ctx: GatewayContext = { dataset: d, subgraphs: sg, peerSupergraph: '', opts, profileDir: null };
        const gw = await startGateway('creditgraph', ctx);
        try {
          const workload = createWorkload('single-archive', { samples, institution, runId: `s-${d.key}` });
          const mm = await runOne(`single-archive / creditgraph @ ${d.key}`, gw.ready.url, workload, gw, sg, opts, { connections: opts.scaleConnections });
          scaleRuns.push({
            workload: 'single-archive', gateway: 'creditgraph', mode: 'real', dataset: d.key, connections: opts.scaleConnections,
            durationSeconds: opts.durationSeconds, ...mm, rounds: 1, roundsRps: [Math.round(mm.rps)],
          });
        } finally {
          await gw.stop();
        }
      } finally {
        await sg.stop();
      }
    }
    const [small, large] = scaleRuns as [Run, Run];
    const p50Ratio = large.p50Ms / small.p50Ms;
    scale = { workload: 'single-archive', gateway: 'creditgraph', connections: opts.scaleConnections, small, large, p50Ratio, target: 1.3, met: p50Ratio <= 1.3 };
  }

  // 4. Report.
  const report: Report = {
    generatedAt: new Date().toISOString(),
    machine: m,
    options: { ...opts, out: relative(ROOT, opts.out) },
    datasets: [
      { key: throughput.key, ...throughput.counts, role: 'throughput' },
      ...scaleSets.map((d, i) => ({ key: d.key, ...d.counts, role: i === 0 ? 'scale (small)' : 'scale (large)' })),
    ],
    runs,
    ratios: ratiosOf(runs),
    atOfferedRate: main.atOfferedRate.length ? main.atOfferedRate : null,
    gatewayOnly,
    accessLog,
    scale,
    workers: workersCost(runs),
    targets: targetsOf(runs, scale, gatewayOnly?.runs),
  };
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, JSON.stringify(report, null, 2) + '\n');
  console.log(`\n${summary(report)}\n\nwritten: ${relative(ROOT, opts.out)}`);
  if (profileDir && opts.profileSubgraphs) {
    const all = [...profileWindows.values()].flat();
    for (const name of ['enterprise', 'person', 'finance']) {
      const dir = join(profileDir, `subgraph-${name}`);
      for (const f of readdirSync(dir).filter((x) => x.endsWith('.cpuprofile'))) console.log(`\nsubgraph ${name}\n${printProfile(join(dir, f), 30, all)}`);
    }
  }
  if (profileDir && opts.profile) {
    for (const g of opts.gateways) {
      const dir = join(profileDir, g);
      for (const f of readdirSync(dir).filter((x) => x.endsWith('.cpuprofile'))) {
        console.log(`\n${g}\n${printProfile(join(dir, f), 30, profileWindows.get(g))}`);
      }
    }
  }
}

/**
 * Reads a data set's SQLite files once, so that the scale check compares index lookups in a
 * cached database at both sizes, not a cold disk at the larger one.
 */
async function warmFileCache(d: Dataset): Promise<void> {
  const files = readdirSync(d.dir).filter((f) => /\.db(-wal)?$/.test(f)).map((f) => join(d.dir, f));
  for (const file of files) {
    await new Promise<void>((resolve, reject) => {
      createReadStream(file, { highWaterMark: 1 << 20 }).on('data', () => {}).on('end', () => resolve()).on('error', reject);
    });
  }
}

function readUsage(): string {
  return 'usage: npm run bench -- [--quick] [--duration S] [--warmup S] [--connections N] [--rounds N] [--workloads a,b] [--gateways a,b] ' +
    '[--enterprises N] [--scale small,large] [--scale-connections N] [--no-scale] [--no-access-log-run] [--subjects N] [--persons N] ' +
    '[--offered-rps N] [--check-every N] [--profile] [--gateway-node-args "…"] [--reseed] [--out FILE]  (see bench/README.md)';
}

const atEnd: Array<() => Promise<void>> = [];
const cleanUp = () => Promise.all(atEnd.map((f) => f().catch(() => undefined)));
main().then(() => cleanUp().then(() => process.exit(0)), (err) => { console.error(err); return cleanUp().then(() => process.exit(1)); });
