/**
 * The bench's data sets: `bench/.data/<key>/`, each a complete data directory (`prepare()`: secrets,
 * demo identity provider, migrations) seeded once with the deterministic synthetic data
 * (`seedAll`) and reused by later runs. Also what the workloads draw their subjects from: USCCs,
 * page cursors and persons spread over the whole data set, and the bench's own institution.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SUBGRAPHS, envPrefix } from '../lib/config.ts';
import { openDb } from '../lib/db/client.ts';
import { openSqlite, type SqliteConnection } from '../lib/db/drivers.ts';
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

function openReadOnly(prepared: Prepared, subgraph: 'enterprise' | 'finance' | 'person'): SqliteConnection {
  return openSqlite(prepared.urls[subgraph], { readonly: true });
}

function count(db: SqliteConnection, table: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
}

/** Prepares and (first time only) seeds `bench/.data/<key>/`; `reseed` starts it over. */
export async function ensureDataset(spec: DatasetSpec, o: { reseed?: boolean; log: (line: string) => void }): Promise<Dataset> {
  const key = sizeKey(spec.enterprises);
  const dir = join(DATA_ROOT, key);
  if (o.reseed && existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  const prepared = await prepare({ ...baseEnv(), DATA_DIR: dir });
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
    seededSeconds = (performance.now() - started) / 1000;
    rmSync(countsFile, { force: true });
  }
  let counts: DatasetCounts;
  if (existsSync(countsFile)) {
    counts = JSON.parse(readFileSync(countsFile, 'utf8')) as DatasetCounts;
  } else {
    const e = openReadOnly(prepared, 'enterprise');
    const f = openReadOnly(prepared, 'finance');
    const p = openReadOnly(prepared, 'person');
    try {
      counts = {
        enterprises: count(e, 'Enterprise'),
        persons: count(p, 'Person'),
        archiveRecords: ARCHIVE_TABLES.reduce((sum, t) => sum + count(e, t), 0),
        loans: count(f, 'CreditEasyLoan'),
      };
    } finally {
      e.close(); f.close(); p.close();
    }
    writeFileSync(countsFile, JSON.stringify(counts, null, 2));
  }
  if (counts.enterprises !== spec.enterprises) {
    throw new Error(`dataset ${key} holds ${counts.enterprises} enterprises, not ${spec.enterprises}: run with --reseed`);
  }
  return { key, dir, spec, prepared, counts, seededSeconds };
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
  const e = openReadOnly(d.prepared, 'enterprise');
  const f = openReadOnly(d.prepared, 'finance');
  let usccs: string[];
  let cursors: string[];
  let loanUsccs: string[];
  try {
    const step = Math.max(1, Math.floor(d.counts.enterprises / o.subjects));
    const rows = e.prepare(`SELECT "uscc", "name" FROM "Enterprise" WHERE rowid % ? = 0 ORDER BY rowid LIMIT ?`).all(step, o.subjects) as Array<{ uscc: string; name: string }>;
    usccs = rows.map((r) => r.uscc);
    cursors = rows.map((r) => encodeCursor({ name: r.name, uscc: r.uscc }));
    const withLoans = f.prepare(`SELECT "uscc" FROM "CreditEasyLoan" GROUP BY "uscc" ORDER BY MIN(rowid)`).all() as Array<{ uscc: string }>;
    loanUsccs = spread(withLoans.map((r) => r.uscc), o.subjects);
  } finally {
    e.close(); f.close();
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
  const db = await openDb(platformModules, 'sqlite', d.prepared.urls.platform);
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
