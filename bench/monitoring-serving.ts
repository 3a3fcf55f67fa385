/**
 * The serving path while webhooks are delivered (issue 14: "the serving path's throughput during
 * delivery within 15% of idle"). Not part of `npm run bench`:
 *   npx tsx bench/monitoring-serving.ts [--workload cross-subgraph] [--enterprises 2000]
 *        [--duration 10] [--warmup 2] [--rounds 2] [--connections 32] [--backlog 40000] [--out FILE]
 *        [--dispatcher in-process|process] [--nice 10]
 *
 * The five subgraphs and our gateway run as `npm run bench` runs them (each its own process, the
 * bench's data set, signed calls, authorization and metering on), the platform subgraph with its
 * dispatcher on and loopback allowlisted. Each round drives the workload with autocannon twice,
 * side by side: idle (nothing to deliver), then while the dispatcher delivers a backlog of
 * `--backlog` webhook messages (written into the platform's outbox just before) to a receiver in
 * this process answering 204 at once. It reports both req/s, their ratio, and the deliveries/s the
 * receiver saw inside the same measured window; `uptime`'s load before and after each run.
 * `--dispatcher process`: the platform does not dispatch; the dispatcher runs as its own process
 * (subgraphs/platform/monitoring/dispatch-main.ts) at `--nice`.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, setPriority } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { envPrefix, SUBGRAPHS } from '../lib/config.ts';
import { openSqlite } from '../lib/db/drivers.ts';
import { newSecret } from '../subgraphs/platform/monitoring/signing.ts';
import { BENCH_INSTITUTION_ID, benchInstitution, drawSamples, ensureDataset, specFor } from './datasets.ts';
import { measure, type Measurement } from './load.ts';
import { cpuSeconds, launch, ROOT, type Service } from './processes.ts';
import { createWorkload, WORKLOAD_NAMES, type WorkloadName } from './workloads.ts';

const { values } = parseArgs({
  options: {
    workload: { type: 'string', default: 'cross-subgraph' }, enterprises: { type: 'string', default: '2000' },
    duration: { type: 'string', default: '10' }, warmup: { type: 'string', default: '2' }, rounds: { type: 'string', default: '2' },
    connections: { type: 'string', default: '32' }, backlog: { type: 'string', default: '40000' },
    dispatcher: { type: 'string', default: 'in-process' }, nice: { type: 'string', default: '10' },
    out: { type: 'string', default: join(ROOT, 'bench', 'results', 'latest-monitoring-serving.json') },
  },
});
const n = (k: 'enterprises' | 'duration' | 'warmup' | 'rounds' | 'connections' | 'backlog' | 'nice') => Number(values[k]);
if (values.dispatcher !== 'in-process' && values.dispatcher !== 'process') throw new Error('--dispatcher: in-process or process');
const separate = values.dispatcher === 'process';
const workloadName = values.workload as WorkloadName;
if (!WORKLOAD_NAMES.includes(workloadName)) throw new Error(`--workload: one of ${WORKLOAD_NAMES.join(', ')}`);
const log = (line: string) => console.error(line);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

/** The bench's webhook and the seqs its synthetic events use (far above any real feed seq; cleared at start). */
const HOOK_ID = 'bench-monitoring-hook';
const SEQ_BASE = 1_500_000_000;
/** Prisma's SQLite adapter stores DateTime as this text; the outbox's `nextAttemptAt <= now` compares it. */
const stamp = (d: Date) => d.toISOString().replace('Z', '+00:00');

async function main() {
  const dataset = await ensureDataset(specFor(n('enterprises')), { log });
  const institution = await benchInstitution(dataset);
  const samples = await drawSamples(dataset, { subjects: 10_000, persons: workloadName === 'person-self' || workloadName === 'mixed-hot' ? 2000 : 0 });

  // The receiver: 204 at once; the time of each delivery, to count those inside a measured window.
  const arrivals: number[] = [];
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => { arrivals.push(Number(process.hrtime.bigint() / 1000n)); res.writeHead(204).end(); });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;

  const outbox = openSqlite(dataset.prepared.urls.platform, { busyTimeoutMs: 30_000 });
  const clear = () => {
    outbox.prepare('DELETE FROM "WebhookDelivery" WHERE "webhookId" = ?').run(HOOK_ID);
    outbox.prepare('DELETE FROM "FeedEntry" WHERE "seq" >= ?').run(SEQ_BASE);
    outbox.prepare('DELETE FROM "MonitoredChange" WHERE "seq" >= ?').run(SEQ_BASE);
  };
  clear();
  outbox.prepare('DELETE FROM "Webhook" WHERE "id" = ?').run(HOOK_ID);
  outbox.prepare('INSERT INTO "Webhook" ("id", "institutionId", "url", "events", "secret", "createdAt") VALUES (?, ?, ?, \'\', ?, ?)')
    .run(HOOK_ID, BENCH_INSTITUTION_ID, receiverUrl, newSecret(), stamp(new Date()));

  /** `count` penalties about the sampled enterprises, in the bench institution's feed, each queued for its webhook. */
  function queueBacklog(round: number, count: number): void {
    const now = new Date();
    const base = SEQ_BASE + round * 1_000_000;
    const change = outbox.prepare('INSERT INTO "MonitoredChange" ("seq", "at", "type", "subjectKind", "subject", "category", "recordType", "recordId", "version", "source") VALUES (?, ?, \'RECORD_ADDED\', \'LEGAL_PERSON\', ?, \'PENALTIES\', \'AdministrativePenalty\', ?, 1, \'COLLECTION\')');
    const entry = outbox.prepare('INSERT INTO "FeedEntry" ("institutionId", "seq") VALUES (?, ?)');
    const message = outbox.prepare('INSERT INTO "WebhookDelivery" ("id", "webhookId", "institutionId", "seq", "status", "attempts", "createdAt", "nextAttemptAt", "retryUntil") VALUES (?, ?, ?, ?, \'PENDING\', 0, ?, ?, ?)');
    outbox.transaction(() => {
      for (let i = 0; i < count; i++) {
        const seq = base + i;
        change.run(seq, stamp(now), samples.usccs[i % samples.usccs.length], `bench-pen-${seq}`);
        entry.run(BENCH_INSTITUTION_ID, seq);
        message.run(`msg_bench_${seq}`, HOOK_ID, BENCH_INSTITUTION_ID, seq, stamp(now), stamp(now), stamp(new Date(now.getTime() + 3600_000)));
      }
    })();
  }
  const pending = () => (outbox.prepare('SELECT COUNT(*) AS n FROM "WebhookDelivery" WHERE "webhookId" = ? AND "status" = \'PENDING\'').get(HOOK_ID) as { n: number }).n;

  log(`data set ${dataset.key}; starting the subgraphs (platform dispatcher on, loopback allowed) and the gateway… load ${load()}`);
  const env = { ...dataset.prepared.env, WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32', MONITORING_DISPATCH: separate ? 'false' : 'true' };
  const entry = join('bench', 'services', 'subgraph.ts');
  const subgraphs = await Promise.all(SUBGRAPHS.map((name) => launch<{ url: string; statsUrl: string }>(name, entry, { env, args: [name] })));
  const services: Service[] = [...subgraphs];
  try {
    if (separate) {
      // The dispatcher's own process (subgraphs/platform/monitoring/dispatch-main.ts), every thread of it reniced as `nice -n` would start it.
      const dispatcher = await launch('dispatcher', join('bench', 'monitoring-dispatcher.ts'), { env: { ...env, MONITORING_DISPATCH: 'true' } });
      services.push(dispatcher);
      for (const tid of readdirSync(`/proc/${dispatcher.pid}/task`)) setPriority(Number(tid), n('nice'));
      log(`dispatcher in its own process (pid ${dispatcher.pid}) at nice ${n('nice')}`);
    }
    const urls = Object.fromEntries(SUBGRAPHS.map((s, i) => [`${envPrefix(s)}_URL`, subgraphs[i]!.ready.url]));
    const gateway = await launch<{ url: string }>('creditgraph', join('bench', 'services', 'creditgraph.ts'), { env: { ...dataset.prepared.env, ...urls } });
    services.push(gateway);
    const sql = { reset: async () => {}, read: async () => 0 };
    let runNo = 0;
    const platformPid = subgraphs[SUBGRAPHS.indexOf('platform')]!.pid;
    const run = async (label: string): Promise<{ m: Measurement; loadBefore: string; loadAfter: string; platformCpuPct: number }> => {
      const loadBefore = load();
      const platformCpu = cpuSeconds(platformPid) ?? 0;
      const t = performance.now();
      const workload = createWorkload(workloadName, { samples, institution, runId: `ms${++runNo}` });
      const m = await measure({
        url: gateway.ready.url, workload, connections: n('connections'), warmupSeconds: n('warmup'), durationSeconds: n('duration'),
        checkEvery: 50, sqlSample: 0, gatewayPids: [gateway.pid], subgraphPids: subgraphs.map((s) => s.pid), sql,
      });
      const loadAfter = load();
      // Over warm-up and window together (the /proc clock ticks at 10 ms): the platform process serves and dispatches.
      const platformCpuPct = (((cpuSeconds(platformPid) ?? 0) - platformCpu) / ((performance.now() - t) / 1000)) * 100;
      log(`  ${label.padEnd(28)} ${Math.round(m.rps).toLocaleString('en-US').padStart(6)} req/s  p50 ${m.p50Ms.toFixed(1)} ms  p99 ${m.p99Ms.toFixed(1)} ms  errors ${m.errors}  ` +
        `gw CPU ${Math.round(m.gatewayCpuPct)}%  subgraphs CPU ${Math.round(m.subgraphsCpuPct)}% (platform ${Math.round(platformCpuPct)}%)  load ${loadBefore} → ${loadAfter}`);
      if (m.errors > 0) for (const s of m.errorSamples.slice(0, 2)) log(`      ! ${s}`);
      return { m, loadBefore, loadAfter, platformCpuPct };
    };
    const rounds = [];
    for (let round = 1; round <= n('rounds'); round++) {
      log(`round ${round} of ${n('rounds')} (${workloadName}, ${n('connections')} connections, ${n('warmup')} + ${n('duration')} s)`);
      const idle = await run('idle');
      arrivals.length = 0;
      queueBacklog(round, n('backlog'));
      const busy = await run(`delivering ${n('backlog')} webhooks`);
      const [from, to] = busy.m.windowUs;
      const inWindow = arrivals.filter((t) => t >= from && t <= to).length;
      const deliveryRate = inWindow / ((to - from) / 1e6);
      // A backlog drained before the window closed would flatter the busy run.
      const drainedEarly = arrivals.length >= n('backlog') && arrivals[arrivals.length - 1]! < to;
      const ratio = busy.m.rps / idle.m.rps;
      log(`  → during delivery ${(ratio * 100).toFixed(1)}% of idle req/s; ${Math.round(deliveryRate).toLocaleString('en-US')} webhooks/s delivered in the same window` +
        `${drainedEarly ? ' (BACKLOG DRAINED BEFORE THE WINDOW ENDED: raise --backlog)' : ''}`);
      // Let the rest of the backlog go before the next idle run (at most a minute, then it is dropped).
      for (let i = 0; i < 600 && pending() > 0; i++) await new Promise((r) => setTimeout(r, 100));
      clear();
      rounds.push({
        round, idle: { rps: idle.m.rps, p50Ms: idle.m.p50Ms, p99Ms: idle.m.p99Ms, errors: idle.m.errors, loadBefore: idle.loadBefore, loadAfter: idle.loadAfter, gatewayCpuPct: idle.m.gatewayCpuPct, subgraphsCpuPct: idle.m.subgraphsCpuPct, platformCpuPct: idle.platformCpuPct },
        delivering: { rps: busy.m.rps, p50Ms: busy.m.p50Ms, p99Ms: busy.m.p99Ms, errors: busy.m.errors, loadBefore: busy.loadBefore, loadAfter: busy.loadAfter, gatewayCpuPct: busy.m.gatewayCpuPct, subgraphsCpuPct: busy.m.subgraphsCpuPct, platformCpuPct: busy.platformCpuPct },
        ratio, deliveriesPerSecond: deliveryRate, delivered: arrivals.length, drainedEarly,
      });
    }
    const ratios = rounds.map((r) => r.ratio).sort((a, b) => a - b);
    const median = ratios[Math.floor((ratios.length - 1) / 2)]!;
    log(`median ratio ${(median * 100).toFixed(1)}% (target ≥ 85%): ${median >= 0.85 ? 'met' : 'MISSED'}`);
    writeFileSync(values.out!, `${JSON.stringify({
      bench: 'monitoring-serving', at: new Date().toISOString(), dataset: dataset.key, workload: workloadName,
      dispatcher: separate ? `own process, nice ${n('nice')}` : 'in the platform process',
      connections: n('connections'), durationSeconds: n('duration'), backlog: n('backlog'), rounds, medianRatio: median,
    }, null, 2)}\n`);
    log(`written to ${values.out}`);
  } finally {
    await Promise.all(services.map((s) => s.stop()));
    clear();
    outbox.prepare('DELETE FROM "Webhook" WHERE "id" = ?').run(HOOK_ID);
    outbox.close();
    receiver.close();
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
