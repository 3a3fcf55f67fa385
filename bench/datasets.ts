/**
 * The bench's data sets: `bench/.data/<key>/`, each a complete data directory (`prepare()`: secrets,
 * demo identity provider, migrations) seeded once with the deterministic synthetic data
 * (`seedAll`) and reused by later runs. With `--provider postgresql` the databases are on the
 * run's own throwaway PostgreSQL (one database per subgraph and data set, as the tests start it:
 * tests/support/postgres.ts), seeded afresh by each run; the directory `bench/.data/pg-<key>/`
 * keeps only the secrets and keys. Also what the workloads draw their subjects from: USCCs,
 * page cursors and persons spread over the whole data set, and the bench's own institution.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SUBGRAPHS, envPrefix } from '../lib/config.ts';
import { openDb } from '../lib/db/client.ts';
import { openSqlite } from '../lib/db/drivers.ts';
import pg from 'pg';
import type { PostgresInstance } from '../tests/support/postgres.ts';
import { mintToken } from '../lib/tokens.ts';
import { createProgressReporter, isSeeded, seedAll } from '../prisma/seed/index.ts';
import { personId, personIdNumber } from '../prisma/seed/synthetic/identifiers.ts';
import { prepare, type Prepared } from '../scripts/prepare.ts';
import { encodeCursor } from '../subgraphs/enterprise/paging.ts';
import { clientModules as platformModules } from '../subgraphs/platform/db/client.ts';
import { createApiKey, createInstitution } from '../subgraphs/platform/db/institutions.ts';
import type { Principal } from '../lib/caller.ts';
import { ROOT } from './processes.ts';

export const DATA_ROOT = join(ROOT, 'bench', '.data');

export interface DatasetSpec {
  enterprises: number;
  persons: number;
}

export interface DatasetCounts {
  enterprises: number;
  persons: number;
  /** Rows in the nine archive categories and the X (licenses … other records). */
  archiveRecords: number;
  loans: number;
}

export interface Dataset {
  key: string;
  dir: string;
  spec: DatasetSpec;
  prepared: Prepared;
  counts: DatasetCounts;
  /** Seconds the seed took, when it was seeded by this run. */
  seededSeconds: number | null;
}

/** 2000 → "2k", 100000 → "100k", 1000000 → "1m". */
export function sizeKey(n: number): string {
  if (n % 1_000_000 === 0) return `${n / 1_000_000}m`;
  if (n % 1_000 === 0) return `${n / 1_000}k`;
  return String(n);
}

export const specFor = (enterprises: number): DatasetSpec => ({ enterprises, persons: Math.max(100, Math.round(enterprises / 2)) });

const ARCHIVE_TABLES = [
  'AdministrativeLicense', 'AdministrativePenalty', 'ListEntry', 'Certificate', 'Inspection',
  'CreditCommitment', 'IndustryEvaluation', 'Honor', 'CreditRecord',
];

/** The environment every bench service starts from: this process's, without what would redirect it. */
export function baseEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(PORT|DATA_DIR|DATABASE_PROVIDER|SUPERGRAPH_PATH|AUTHORIZATION|METERING)$/.test(key)) delete env[key];
    if (SUBGRAPHS.some((s) => key.startsWith(`${envPrefix(s)}_`))) delete env[key];
  }
  return {
    ...env, NODE_ENV: 'development', LOG_LEVEL: 'warn', DATABASE_PROVIDER: 'sqlite',
    APOLLO_TELEMETRY_DISABLED: 'true', CHECKPOINT_DISABLE: '1',
  };
}

/** Reads of the bench's own (counts, samples), on either provider: SQL with `?` for parameters. */
interface Reader {
  all<T>(sql: { sqlite: string; postgresql: string }, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

async function openReader(prepared: Prepared, subgraph: 'enterprise' | 'finance' | 'person'): Promise<Reader> {
  if (prepared.provider === 'sqlite') {
    const db = openSqlite(prepared.urls[subgraph], { readonly: true });
    return { all: async <T>(sql: { sqlite: string }, params: unknown[] = []) => db.prepare(sql.sqlite).all(...params) as T[], close: async () => { db.close(); } };
  }
  const client = new pg.Client({ connectionString: prepared.urls[subgraph] });
  await client.connect();
  return {
    all: async <T>(sql: { postgresql: string }, params: unknown[] = []) => {
      let i = 0;
      return (await client.query(sql.postgresql.replace(/\?/g, () => `$${++i}`), params)).rows as T[];
    },
    close: () => client.end(),
  };
}

async function count(db: Reader, table: string): Promise<number> {
  const sql = `SELECT COUNT(*) AS n FROM "${table}"`;
  // PostgreSQL's COUNT is a bigint, which pg hands over as a string.
  return Number((await db.all<{ n: number | string }>({ sqlite: sql, postgresql: sql }))[0]!.n);
}

/** Where a data set's databases are: SQLite files in its directory, or databases on this PostgreSQL. */
export type DatabaseHome = { provider: 'sqlite' } | { provider: 'postgresql'; server: PostgresInstance };

/** Prepares and (first time only) seeds `bench/.data/<key>/`; `reseed` starts it over. */
export async function ensureDataset(
  spec: DatasetSpec, o: { reseed?: boolean; log: (line: string) => void; home?: DatabaseHome },
): Promise<Dataset> {
  const home = o.home ?? { provider: 'sqlite' };
  const key = `${home.provider === 'postgresql' ? 'pg-' : ''}${sizeKey(spec.enterprises)}`;
  const dir = join(DATA_ROOT, key);
  if (o.reseed && existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  const env: Record<string, string | undefined> = { ...baseEnv(), DATA_DIR: dir };
  if (home.provider === 'postgresql') {
    env.DATABASE_PROVIDER = 'postgresql';
    let created = false;
    for (const s of SUBGRAPHS) {
      const name = `bench_${key.replace(/-/g, '_')}_${s.replace(/-/g, '_')}`;
      // On a kept server (`--pg-data`) the database is there from an earlier run: reused, not seeded again.
      env[`${envPrefix(s)}_DATABASE_URL`] = await home.server.createDatabase(name).then(
        (url) => { created = true; return url; },
        (err: { code?: string }) => { if (err.code === '42P04') return home.server.url(name); throw err; },
      );
    }
    // A fresh database: what an earlier run counted is not this run's.
    if (created) rmSync(join(dir, 'bench-dataset.json'), { force: true });
  }
  const prepared = await prepare(env);
  const countsFile = join(dir, 'bench-dataset.json');
  let seededSeconds: number | null = null;
  if (!(await isSeeded({ provider: prepared.provider, urls: prepared.urls }))) {
    o.log(`dataset ${key}: seeding ${spec.enterprises.toLocaleString('en-US')} enterprises and ${spec.persons.toLocaleString('en-US')} persons into ${dir} (once; later runs reuse it)`);
    const started = performance.now();
    const progress = createProgressReporter();
    const key32 = prepared.secrets.PERSON_ID_ENCRYPTION_KEY;
    await seedAll({
      provider: prepared.provider, urls: prepared.urls, enterprises: spec.enterprises, persons: spec.persons, reset: true,
      secrets: {
        idHmacSecret: prepared.secrets.PERSON_ID_HMAC_SECRET,
        idEncryptionKey: new Uint8Array(Buffer.from(key32, /[-_]/.test(key32) ? 'base64url' : 'base64')),
      },
      onProgress: progress,
    });
    progress.done();
    // A bulk load leaves PostgreSQL without statistics until autovacuum gets round to it (minutes on
    // a busy machine): a production database has them, so the bench gathers them before measuring.
    if (prepared.provider === 'postgresql') {
      for (const s of SUBGRAPHS) {
        const client = new pg.Client({ connectionString: prepared.urls[s] });
        await client.connect();
        try { await client.query('ANALYZE'); } finally { await client.end(); }
      }
    }
    seededSeconds = (performance.now() - started) / 1000;
    rmSync(countsFile, { force: true });
  }
  let counts: DatasetCounts;
  if (existsSync(countsFile)) {
    counts = JSON.parse(readFileSync(countsFile, 'utf8')) as DatasetCounts;
  } else {
    const e = await openReader(prepared, 'enterprise');
    const f = await openReader(prepared, 'finance');
    const p = await openReader(prepared, 'person');
    try {
      let archiveRecords = 0;
      for (const t of ARCHIVE_TABLES) archiveRecords += await count(e, t);
      counts = { enterprises: await count(e, 'Enterprise'), persons: await count(p, 'Person'), archiveRecords, loans: await count(f, 'CreditEasyLoan') };
    } finally {
      await Promise.all([e.close(), f.close(), p.close()]);
    }
    writeFileSync(countsFile, JSON.stringify(counts, null, 2));
  }
  if (counts.enterprises !== spec.enterprises) {
    throw new Error(`dataset ${key} holds ${counts.enterprises} enterprises, not ${spec.enterprises}: run with --reseed`);
  }
  return { key, dir, spec, prepared, counts, seededSeconds };
}

// --------------------------------------------------------------------------- background work before measuring

/**
 * Waits until the enterprise subgraph's grade tracker (subgraphs/enterprise/grades.ts) has rated
 * every change event: its cursor at the log's end. Why: a freshly seeded data set holds one LISTED
 * event per list entry (1,631 at 10 k enterprises, ~163,000 at 1 M), and the running tracker works
 * through them back to back, 500 a round, each round rating 500 enterprises' whole archives. At
 * 10 k that is over in seconds; at 1 M it took minutes and ran through the whole measurement,
 * competing with the requests for PostgreSQL and the subgraph's CPU (docs/scale.md). A production
 * database has long caught up, so that is the state to measure. SQLite data sets are reused across
 * runs (caught up once); PostgreSQL's were seeded afresh by every run unless `--pg-data` keeps them.
 */
export async function gradeTrackerCaughtUp(d: Dataset, log: (line: string) => void, timeoutMs = 45 * 60_000): Promise<number> {
  const e = await openReader(d.prepared, 'enterprise');
  const started = performance.now();
  try {
    const sql = 'SELECT COALESCE((SELECT MAX("seq") FROM "ChangeEvent"), 0) AS last, COALESCE((SELECT "seq" FROM "GradeTrackerCursor" WHERE "id" = 1), 0) AS at';
    let reported = 0;
    for (;;) {
      const row = (await e.all<{ last: number | string; at: number | string }>({ sqlite: sql, postgresql: sql }))[0]!;
      const behind = Number(row.last) - Number(row.at);
      const seconds = (performance.now() - started) / 1000;
      if (behind <= 0) {
        if (seconds >= 1) log(`dataset ${d.key}: the grade tracker caught up with the change log in ${seconds.toFixed(0)} s`);
        return seconds;
      }
      if (seconds - reported >= 30 || reported === 0) {
        log(`dataset ${d.key}: waiting for the grade tracker: ${behind.toLocaleString('en-US')} change events behind (${seconds.toFixed(0)} s)`);
        reported = Math.max(seconds, 0.001);
      }
      if (seconds * 1000 > timeoutMs) throw new Error(`dataset ${d.key}: the grade tracker is still ${behind} events behind after ${seconds.toFixed(0)} s`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  } finally {
    await e.close();
  }
}

// --------------------------------------------------------------------------- what the workloads draw from

export interface Samples {
  /** Enterprises spread evenly over the data set (by insertion order). */
  usccs: string[];
  /** Enterprises with credit-easy loans, spread over the data set. */
  loanUsccs: string[];
  /** `enterprises(after:)` cursors at enterprises spread over the data set. */
  cursors: string[];
  /** Persons spread over the data set, each with a bearer token of the demo identity provider. */
  persons: Array<{ id: string; idNumber: string; token: string }>;
}

/** Every `step`-th of `items`, at most `n`, deterministic. */
function spread<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  const step = items.length / n;
  return Array.from({ length: n }, (_, i) => items[Math.floor(i * step)]!);
}

export async function drawSamples(d: Dataset, o: { subjects: number; persons: number }): Promise<Samples> {
  const e = await openReader(d.prepared, 'enterprise');
  const f = await openReader(d.prepared, 'finance');
  let usccs: string[];
  let cursors: string[];
  let loanUsccs: string[];
  try {
    const step = Math.max(1, Math.floor(d.counts.enterprises / o.subjects));
    // PostgreSQL has no rowid: every step-th by USCC, as evenly spread.
    const rows = await e.all<{ uscc: string; name: string }>({
      sqlite: `SELECT "uscc", "name" FROM "Enterprise" WHERE rowid % ? = 0 ORDER BY rowid LIMIT ?`,
      postgresql: `SELECT "uscc", "name" FROM (SELECT "uscc", "name", ROW_NUMBER() OVER (ORDER BY "uscc") AS i FROM "Enterprise") e WHERE i % ? = 0 ORDER BY i LIMIT ?`,
    }, [step, o.subjects]);
    usccs = rows.map((r) => r.uscc);
    cursors = rows.map((r) => encodeCursor({ name: r.name, uscc: r.uscc }));
    const withLoans = await f.all<{ uscc: string }>({
      sqlite: `SELECT "uscc" FROM "CreditEasyLoan" GROUP BY "uscc" ORDER BY MIN(rowid)`,
      postgresql: `SELECT "uscc" FROM "CreditEasyLoan" GROUP BY "uscc" ORDER BY "uscc"`,
    });
    loanUsccs = spread(withLoans.map((r) => r.uscc), o.subjects);
  } finally {
    await Promise.all([e.close(), f.close()]);
  }
  const indexes = spread(Array.from({ length: d.counts.persons }, (_, j) => j), o.persons);
  const persons = await Promise.all(indexes.map(async (j) => ({
    id: personId(j),
    idNumber: personIdNumber(j),
    token: await mintToken(d.prepared.idp.privateJwk, {
      kind: 'PERSON', subject: personId(j), issuer: 'creditgraph-demo-idp', audience: 'creditgraph', ttlSeconds: 24 * 3600,
    }),
  })));
  return { usccs, loanUsccs, cursors, persons };
}

export const BENCH_INSTITUTION_ID = 'bench-institution';

/**
 * The bench's own data-consumer institution (a bank with `loans:read`, a rate limit no run
 * reaches, no quota), registered once per data set with the platform's functions, and a fresh API
 * key for this run. The principal is what the peers' bench caller header carries for it.
 */
export async function benchInstitution(d: Dataset): Promise<{ apiKey: string; principal: Principal }> {
  const db = await openDb(platformModules, d.prepared.provider, d.prepared.urls.platform);
  try {
    const existing = await db.prisma.institution.findUnique({ where: { id: BENCH_INSTITUTION_ID } });
    const row = existing ?? await createInstitution(db, {
      id: BENCH_INSTITUTION_ID, name: 'Bench Bank (npm run bench)', kind: 'FINANCIAL', scopes: ['loans:read'],
      ratePerSecond: 1_000_000, burst: 1_000_000,
    });
    const { key } = await createApiKey(db, row.id);
    return {
      apiKey: key,
      principal: {
        kind: 'INSTITUTION', institutionId: row.id, institutionKind: 'FINANCIAL', institutionName: row.name,
        scopes: row.scopes.split(' ').filter(Boolean),
      },
    };
  } finally {
    await db.close();
  }
}
