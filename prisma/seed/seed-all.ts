/**
 * Fills the five subgraph databases with the synthetic data set, through the bulk writers. Each
 * database is loaded in one transaction; nothing commits before every database is loaded and
 * indexed, and the platform database (the demo institutions) commits last, so `isSeeded` is true
 * only once everything else is in.
 *
 * Large seeds use both cores: a worker thread loads the person and social-organisation databases
 * while the main thread loads enterprises and loans (each database has one writer, so nothing
 * crosses threads but counters).
 */
import { existsSync } from 'node:fs';
import type { DatabaseProvider, SubgraphName } from '../../lib/config.ts';
import { openSqlite, pgClient } from '../../lib/db/drivers.ts';
import { sqliteFile } from '../../lib/db/url.ts';
import { encryptIdNumber, idNumberHmac } from '../../lib/identifiers/id-number-crypto.ts';
import { todayCST } from '../../lib/time.ts';
import { startTypeScriptWorker } from '../../lib/typescript-worker.ts';
import { openWriter, type BulkWriter } from './bulk-writer.ts';
import { demoFacts, type DemoFacts } from './demo.ts';
import { loadEnterprises, loadPersons, loadSocialOrgs, type SeedSecrets } from './load.ts';
import type { FromWorker, PeopleWorkerData, ToWorker } from './people-worker.ts';
import { financeCatalogue } from './synthetic/finance.ts';
import { makePlan } from './synthetic/plan.ts';
import { demoInstitutions } from './synthetic/platform.ts';
import { T, tablesOf } from './tables.ts';

export type { SeedSecrets } from './load.ts';

export interface SeedProgress {
  /** `loading`: entities (enterprises + persons + social organisations); `indexing`: databases. */
  phase: 'loading' | 'indexing';
  done: number;
  total: number;
  /** Rows queued so far, over every table and database. */
  rows: number;
}

export interface SeedOptions {
  provider: DatabaseProvider;
  /** Per subgraph: `file:/abs/path.db` (SQLite) or a connection string (PostgreSQL). Migrated, empty. */
  urls: Record<SubgraphName, string>;
  enterprises: number;
  persons: number;
  /** Default: one per ten enterprises. */
  socialOrgs?: number;
  secrets: SeedSecrets;
  onProgress?: (p: SeedProgress) => void;
  /** The date the data is relative to (YYYY-MM-DD, CST). Default: today in China Standard Time. */
  today?: string;
  /** The instant of consent and institution timestamps. Default: now. */
  now?: Date;
  /** Empty the seeded tables first (in the load transaction) instead of refusing non-empty ones. */
  reset?: boolean;
  /** Load persons and social organisations in a worker thread. Default: when there are ≥ 20,000 of them. */
  parallel?: boolean;
}

const SUBGRAPH_ORDER = ['enterprise', 'finance', 'person', 'social-org', 'platform'] as const;
const PARALLEL_FROM = 20_000;

export async function seedAll(o: SeedOptions): Promise<DemoFacts> {
  const now = o.now ?? new Date();
  const plan = makePlan({ enterprises: o.enterprises, persons: o.persons, socialOrgs: o.socialOrgs, today: o.today ?? todayCST(now), now });
  checkSecrets(o.secrets);
  for (const subgraph of SUBGRAPH_ORDER) urlOf(o.urls, subgraph);
  const parallel = o.parallel ?? plan.persons + plan.socialOrgs >= PARALLEL_FROM;
  const here: readonly SubgraphName[] = parallel ? ['enterprise', 'finance', 'platform'] : SUBGRAPH_ORDER;

  let done = 0;
  let workerRows = 0;
  const writers: Partial<Record<SubgraphName, BulkWriter>> = {};
  const rows = () => workerRows + Object.values(writers).reduce((sum, w) => sum + w.rows, 0);
  const total = plan.enterprises + plan.persons + plan.socialOrgs;
  let worker: PeopleWorker | undefined;
  let failure: unknown;
  /** Counts entities done (here or in the worker) and stops the main loop at the first failure. */
  const count = (entities: number) => {
    done += entities;
    try {
      o.onProgress?.({ phase: 'loading', done, total, rows: rows() });
    } catch (err) {
      failure ??= err;
    }
    failure ??= worker?.failure();
    if (failure) throw failure;
  };
  try {
    for (const subgraph of here) {
      writers[subgraph] = await openWriter({ provider: o.provider, url: o.urls[subgraph], tables: tablesOf(subgraph), reset: o.reset });
    }
    const w = writers as Record<SubgraphName, BulkWriter>;
    o.onProgress?.({ phase: 'loading', done: 0, total, rows: 0 });
    if (parallel) {
      worker = startPeopleWorker({
        provider: o.provider, urls: o.urls, secrets: o.secrets, reset: o.reset ?? false,
        plan: { enterprises: plan.enterprises, persons: plan.persons, socialOrgs: plan.socialOrgs, today: plan.today, now: now.toISOString() },
      }, (entities, workerRowCount) => {
        workerRows = workerRowCount;
        count(entities);
      });
    }

    for (const institution of demoInstitutions(plan)) w.platform.add(T.institution, institution);
    const { partners, products } = financeCatalogue();
    for (const p of partners) w.finance.add(T.partner, p);
    for (const p of products) w.finance.add(T.product, p);
    await loadEnterprises(plan, w.enterprise, w.finance, count);
    if (!parallel) {
      await loadPersons(plan, o.secrets, w.person, count);
      await loadSocialOrgs(plan, w['social-org'], count);
    }

    // Rebuild indexes everywhere, then commit everything, the platform last.
    let indexed = 0;
    const indexedOne = () => o.onProgress?.({ phase: 'indexing', done: ++indexed, total: SUBGRAPH_ORDER.length, rows: rows() });
    o.onProgress?.({ phase: 'indexing', done: 0, total: SUBGRAPH_ORDER.length, rows: rows() });
    for (const subgraph of here) {
      await w[subgraph].prepare();
      indexedOne();
    }
    if (worker) {
      await worker.prepared;
      indexedOne();
      indexedOne();
      await worker.commit();
    }
    for (const subgraph of SUBGRAPH_ORDER) await writers[subgraph]?.commit();
    return demoFacts();
  } catch (err) {
    await worker?.abort();
    await Promise.all(Object.values(writers).map((w) => w.rollback().catch(() => undefined)));
    throw err;
  }
}

interface PeopleWorker {
  /** Resolves once the worker's databases are loaded and indexed (rejects if it failed). */
  prepared: Promise<void>;
  /** The worker's failure, if any yet. */
  failure(): Error | undefined;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

function startPeopleWorker(data: PeopleWorkerData, onCount: (entities: number, rows: number) => void): PeopleWorker {
  const worker = startTypeScriptWorker(new URL('./people-worker.ts', import.meta.url), { workerData: data });
  let settle: { resolve: () => void; reject: (e: Error) => void } | undefined;
  let failure: Error | undefined;
  const next = () => new Promise<void>((resolve, reject) => { settle = { resolve, reject }; });
  const fail = (e: Error) => {
    failure ??= e;
    settle?.reject(e);
  };
  const prepared = next();
  prepared.catch(() => undefined); // observed by the awaiting caller
  worker.on('message', (m: FromWorker) => {
    if (m.type === 'count') {
      try {
        onCount(m.entities, m.rows);
      } catch (err) {
        fail(err as Error);
      }
    }
    else if (m.type === 'prepared' || m.type === 'committed') settle?.resolve();
    else if (m.type === 'failed') fail(Object.assign(new Error(`seed worker (person, social-org): ${m.message}`), { stack: m.stack }));
  });
  worker.on('error', (e) => fail(e));
  const exited = new Promise<void>((resolve) => worker.once('exit', (code) => {
    if (code !== 0) fail(new Error(`seed worker (person, social-org) exited with code ${code}`));
    resolve();
  }));
  const send = (m: ToWorker) => worker.postMessage(m);
  return {
    prepared,
    failure: () => failure,
    async commit() {
      if (failure) throw failure;
      const committed = next();
      send({ type: 'commit' });
      await committed;
      await exited;
    },
    async abort() {
      // Asked to, the worker rolls back at its next chunk and exits. Should it not within a few
      // seconds, terminating it closes its connections, which rolls back as well (SQLite: the
      // journal; PostgreSQL: the aborted connection).
      send({ type: 'rollback' });
      const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000).unref());
      if ((await Promise.race([exited, timer])) === 'timeout') await worker.terminate().catch(() => undefined);
    },
  };
}

function urlOf(urls: Record<SubgraphName, string>, subgraph: SubgraphName): string {
  const url = urls[subgraph];
  if (!url) throw new RangeError(`seedAll: no database url for subgraph ${subgraph}`);
  return url;
}

function checkSecrets(s: SeedSecrets): void {
  // Fail before loading anything: both functions validate their keys.
  idNumberHmac('key-check', s.idHmacSecret);
  encryptIdNumber('key-check', s.idEncryptionKey);
}

/**
 * True when a complete seed is in place: the platform database (committed last) holds
 * institutions and the enterprise database holds enterprises. False for missing or unmigrated
 * databases. Never creates a file.
 */
export async function isSeeded(o: { provider: DatabaseProvider; urls: Record<SubgraphName, string> }): Promise<boolean> {
  const checks: Array<[SubgraphName, string]> = [['platform', 'Institution'], ['enterprise', 'Enterprise']];
  for (const [subgraph, table] of checks) {
    if (!(await hasRows(o.provider, urlOf(o.urls, subgraph), table))) return false;
  }
  return true;
}

async function hasRows(provider: DatabaseProvider, url: string, table: string): Promise<boolean> {
  if (provider === 'sqlite') {
    if (!existsSync(sqliteFile(url))) return false;
    const db = openSqlite(url, { readonly: true });
    try {
      const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table);
      return exists !== undefined && db.prepare(`SELECT 1 FROM "${table}" LIMIT 1`).get() !== undefined;
    } finally {
      db.close();
    }
  }
  const client = pgClient(url);
  try {
    await client.connect();
  } catch (err) {
    if ((err as { code?: string }).code === '3D000') return false; // no such database
    throw err;
  }
  try {
    const exists = await client.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [`"${table}"`]);
    if (!exists.rows[0]?.present) return false;
    return ((await client.query(`SELECT 1 FROM "${table}" LIMIT 1`)).rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}
