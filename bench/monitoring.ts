/**
 * Monitoring on SQLite (issue 14), two figures. Not part of `npm run bench`:
 *   npx tsx bench/monitoring.ts [--institutions 45] [--watched 100000] [--subjects 200000]
 *                               [--changes 10000] [--batch 500] [--messages 5000]
 * 1. Fan-out: `--changes` change-log events (subjects drawn from a pool of `--subjects`) matched
 *    by the matcher against `--institutions` institutions each watching `--watched` subjects of
 *    the pool and each with one webhook, in batches of `--batch` as the follower hands them over:
 *    feed entries and webhook messages written, cursor moved. Prints the time and the rows written.
 * 2. Delivery: `--messages` queued messages sent by the dispatcher to a local receiver answering
 *    204 at once. Prints messages/s, and the CPU the process spent per message (the receiver is in
 *    the same process, so that CPU includes its side). `--profile DIR`: a CPU profile of the delivery.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { openDb } from '../lib/db/client.ts';
import { applyMigrations } from '../lib/db/migrations.ts';
import { createLogger } from '../lib/logger.ts';
import { clientModules } from '../subgraphs/platform/db/client.ts';
import { loadPlatformConfig } from '../subgraphs/platform/config.ts';
import { startDispatcher } from '../subgraphs/platform/monitoring/dispatcher.ts';
import { loadCatalogue } from '../lib/catalogue/index.ts';
import { matchEvents, type LogEvent } from '../subgraphs/platform/monitoring/matcher.ts';
import { newSecret } from '../subgraphs/platform/monitoring/signing.ts';

const { values } = parseArgs({
  options: {
    institutions: { type: 'string', default: '45' }, watched: { type: 'string', default: '100000' },
    subjects: { type: 'string', default: '200000' }, changes: { type: 'string', default: '10000' },
    batch: { type: 'string', default: '500' }, messages: { type: 'string', default: '5000' }, profile: { type: 'string' },
  },
});
const n = (k: keyof typeof values) => Number(values[k]);
const dir = mkdtempSync(join(tmpdir(), 'cg-bench-monitoring-'));
const url = `file:${join(dir, 'platform.db')}`;
const subject = (i: number) => `91330500MA${String(i).padStart(8, '0')}`;
// A deterministic shuffle (the figures repeat run to run).
let state = 42;
const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);

async function main() {
  await applyMigrations({ subgraph: 'platform', provider: 'sqlite', url });
  // Setup (not measured): raw inserts, since 4.5 M watches through Prisma would take minutes.
  let t = performance.now();
  const raw = new Database(join(dir, 'platform.db'));
  raw.pragma('journal_mode = WAL');
  const pool = Array.from({ length: n('subjects') }, (_, i) => subject(i));
  raw.transaction(() => {
    const inst = raw.prepare('INSERT INTO "Institution" (id, name, kind, status, scopes, "createdAt") VALUES (?, ?, \'FINANCIAL\', \'ACTIVE\', \'\', ?)');
    const hook = raw.prepare('INSERT INTO "Webhook" (id, "institutionId", url, events, secret, "createdAt") VALUES (?, ?, \'http://127.0.0.1:9/\', \'\', ?, ?)');
    const watch = raw.prepare('INSERT INTO "Watch" ("institutionId", subject, events, "createdAt") VALUES (?, ?, \'\', ?)');
    for (let i = 0; i < n('institutions'); i++) {
      const id = `inst-${i}`;
      inst.run(id, id, Date.now());
      hook.run(`hook-${i}`, id, newSecret(), Date.now());
      // A random `watched` of the pool: a partial Fisher-Yates shuffle.
      const order = [...pool.keys()];
      for (let k = 0; k < n('watched'); k++) {
        const j = k + Math.floor(random() * (order.length - k));
        [order[k], order[j]] = [order[j]!, order[k]!];
        watch.run(id, pool[order[k]!], Date.now());
      }
    }
  })();
  raw.close();
  console.log(`setup: ${n('institutions')} institutions × ${n('watched')} watched of ${n('subjects')} subjects in ${((performance.now() - t) / 1000).toFixed(1)} s (not measured)`);

  const db = await openDb(clientModules, 'sqlite', url);
  // Recorded after the watches began (a watch hears only of changes from then on: matcher.ts watchCovers).
  const now = new Date().toISOString();
  const events: LogEvent[] = Array.from({ length: n('changes') }, (_, i) => ({
    seq: i + 1, at: now, type: 'RECORD_ADDED', subjectKind: 'LEGAL_PERSON', subject: pool[Math.floor(random() * pool.length)]!,
    category: 'PENALTIES', recordType: 'AdministrativePenalty', recordId: `pen-${i + 1}`, itemCode: null, departmentCode: null,
    version: 1, source: 'COLLECTION', detail: null,
  }));
  t = performance.now();
  let entries = 0;
  let messages = 0;
  for (let i = 0; i < events.length; i += n('batch')) {
    const r = await matchEvents(db, events.slice(i, i + n('batch')), new Date(), 24 * 3600_000);
    entries += r.entries;
    messages += r.messages;
  }
  const fanOut = (performance.now() - t) / 1000;
  console.log(`fan-out: ${events.length} changes matched against ${n('institutions')} × ${n('watched')} watches in ${fanOut.toFixed(1)} s ` +
    `(${Math.round(events.length / fanOut)} changes/s; ${entries} feed entries, ${messages} webhook messages queued)`);

  // Delivery: a fresh outbox of `messages` to one local receiver.
  await db.prisma.webhookDelivery.deleteMany({});
  let received = 0;
  const server = createServer((req, res) => { req.resume(); req.on('end', () => { received++; res.writeHead(204).end(); }); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  await db.prisma.webhook.update({ where: { id: 'hook-0' }, data: { url: `http://127.0.0.1:${port}/hooks` } });
  const total = n('messages');
  const seqs = (await db.prisma.feedEntry.findMany({ where: { institutionId: 'inst-0' }, take: total, orderBy: { seq: 'asc' } })).map((e) => e.seq);
  const queued = seqs.map((seq, i) => ({
    id: `msg_bench_${i}`, webhookId: 'hook-0', institutionId: 'inst-0', seq, status: 'PENDING', createdAt: new Date(), nextAttemptAt: new Date(), retryUntil: new Date(Date.now() + 3600_000),
  }));
  for (let i = 0; i < queued.length; i += 500) await db.prisma.webhookDelivery.createMany({ data: queued.slice(i, i + 500) });
  const config = loadPlatformConfig({ CALLER_SIGNING_SECRET: 'x'.repeat(32), DATA_DIR: dir, WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32', WEBHOOK_CONCURRENCY: process.env.WEBHOOK_CONCURRENCY });
  const session = values.profile ? new Session() : null;
  if (session) { mkdirSync(values.profile!, { recursive: true }); session.connect(); await session.post('Profiler.enable'); await session.post('Profiler.start'); }
  t = performance.now();
  const cpu = process.cpuUsage();
  const dispatcher = await startDispatcher({ db, config: config.monitoring, production: false, logger: createLogger({ name: 'bench', level: 'warn' }), clock: () => new Date(), catalogue: loadCatalogue(config.catalogueFile) });
  // The receiver counts in this process; the outbox is asked only once it has them all (a count
  // every 50 ms through Prisma cost the process as much CPU as a share of the delivery itself).
  while (received < total) await new Promise((r) => setTimeout(r, 20));
  for (;;) {
    const left = await db.prisma.webhookDelivery.count({ where: { status: 'PENDING' } });
    if (left === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = (performance.now() - t) / 1000;
  const used = process.cpuUsage(cpu);
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(join(values.profile!, 'delivery.cpuprofile'), JSON.stringify(profile));
    session.disconnect();
  }
  await dispatcher.stop();
  const delivered = await db.prisma.webhookDelivery.count({ where: { status: 'DELIVERED' } });
  console.log(`delivery: ${delivered} of ${queued.length} messages delivered to a local receiver in ${seconds.toFixed(2)} s ` +
    `(${Math.round(delivered / seconds)}/s, concurrency ${config.monitoring.concurrency}; CPU ${((used.user + used.system) / 1e6).toFixed(2)} s = ` +
    `${Math.round(delivered / ((used.user + used.system) / 1e6))} per CPU-second, sender and receiver together)`);
  server.close();
  await db.close();
}

main().then(() => rmSync(dir, { recursive: true, force: true }), (err) => { console.error(err); rmSync(dir, { recursive: true, force: true }); process.exit(1); });
