// The two databases the migration runner speaks to, behind one small interface: the
// `_prisma_migrations` bookkeeping (Prisma's exact DDL), a run-wide lock, and a transaction per
// migration. Used by lib/db/migrations.ts only.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { storedDateTime } from './dialect.ts';
import { openSqlite as openSqliteFile, pgClient } from './drivers.ts';
import type { DatabaseProvider } from '../config.ts';
import { redactUrl, sqliteFile } from './url.ts';

export interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

export interface MigrationTx {
  rows(): Promise<AppliedRow[]>;
  runScript(sql: string): Promise<void>;
  record(migration: { name: string; checksum: string; startedAt: Date }): Promise<void>;
}

export interface MigrationDb {
  /** Recorded migrations; [] when `_prisma_migrations` does not exist yet. */
  rows(): Promise<AppliedRow[]>;
  ensureTable(): Promise<void>;
  /** Keeps other runners out for the whole run (PostgreSQL: Prisma's own advisory lock key). */
  withLock(fn: () => Promise<void>): Promise<void>;
  /** Commits when `fn` resolves, rolls back when it throws. */
  transaction(fn: (tx: MigrationTx) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

const POSTGRES_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

const SELECT_ROWS = 'SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY started_at';
const INSERT_ROW = 'INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)';
/** The key `prisma migrate` locks on, so Prisma's CLI and this runner exclude each other. */
const PRISMA_ADVISORY_LOCK = 72707369;

const sqliteRunners = new Map<string | symbol, Promise<void>>();

function openSqlite(url: string): MigrationDb {
  const path = sqliteFile(url);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  // Waits up to 60 s for a concurrent runner's write lock.
  const db = openSqliteFile(url, { mustExist: false, busyTimeoutMs: 60_000 });
  if (path !== ':memory:') db.pragma('journal_mode = WAL');
  const rows = async (): Promise<AppliedRow[]> => {
    const present = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    return present ? (db.prepare(SELECT_ROWS).all() as AppliedRow[]) : [];
  };
  const tx: MigrationTx = {
    rows,
    async runScript(sql) {
      db.exec(sql);
      const broken = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
      if (broken.length > 0) {
        const first = broken[0];
        throw new Error(`the migration leaves ${broken.length} foreign key violation(s), first: ${first.table} rowid ${first.rowid} -> ${first.parent}`);
      }
    },
    async record({ name, checksum, startedAt }) {
      db.prepare(`${INSERT_ROW} VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`)
        .run(randomUUID(), checksum, storedDateTime('sqlite', new Date()), name, storedDateTime('sqlite', startedAt));
    },
  };
  return {
    rows,
    async ensureTable() { db.exec(SQLITE_TABLE); },
    // Across processes, BEGIN IMMEDIATE in each transaction takes the file's write lock. Within this
    // process, runners on the same file queue here instead: better-sqlite3 waits for a busy lock by
    // blocking the thread, which would stall the very runner holding it until the timeout.
    async withLock(fn) {
      const key = path === ':memory:' ? Symbol('memory') : resolve(path);
      const run = (sqliteRunners.get(key) ?? Promise.resolve()).then(fn);
      const settled = run.catch(() => undefined);
      sqliteRunners.set(key, settled);
      try {
        await run;
      } finally {
        if (sqliteRunners.get(key) === settled) sqliteRunners.delete(key);
      }
    },
    async transaction(fn) {
      // SQLite's documented way to change a schema: foreign keys off *outside* the transaction (the
      // PRAGMA is a no-op inside one, so Prisma's own PRAGMA lines in a table redefinition would not
      // take effect and DROP TABLE could cascade), then foreign_key_check before COMMIT.
      const foreignKeys = db.pragma('foreign_keys', { simple: true });
      db.pragma('foreign_keys = OFF');
      try {
        db.exec('BEGIN IMMEDIATE');
        await fn(tx);
        db.exec('COMMIT');
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      } finally {
        db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
      }
    },
    async close() { db.close(); },
  };
}

async function openPostgres(url: string): Promise<MigrationDb> {
  let schemaParam: string | null = null;
  try {
    schemaParam = new URL(url).searchParams.get('schema');
  } catch {
    throw new Error(`a PostgreSQL url must look like postgresql://user:password@host:port/database, got "${redactUrl(url)}"`);
  }
  if (schemaParam) {
    throw new Error(`the ?schema= url parameter is not supported by the migration runner (got schema=${schemaParam}); use the default search_path`);
  }
  const client = pgClient(url);
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`cannot connect to PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}`);
  }
  const rows = async (): Promise<AppliedRow[]> => {
    const { rows: [{ present }] } = await client.query("SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present");
    return present ? (await client.query(SELECT_ROWS)).rows : [];
  };
  const tx: MigrationTx = {
    rows,
    async runScript(sql) { await client.query(sql); }, // no parameters: the simple protocol runs many statements
    async record({ name, checksum, startedAt }) {
      await client.query(`${INSERT_ROW} VALUES ($1, $2, clock_timestamp(), $3, NULL, NULL, $4, 1)`, [randomUUID(), checksum, name, startedAt]);
    },
  };
  return {
    rows,
    async ensureTable() { await client.query(POSTGRES_TABLE); },
    async withLock(fn) {
      await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK]);
      try {
        await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK]);
      }
    },
    async transaction(fn) {
      await client.query('BEGIN');
      try {
        await fn(tx);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    },
    async close() { await client.end(); },
  };
}

/** True for a SQLite file that does not exist yet (reading its status must not create it). */
export function sqliteFileMissing(provider: DatabaseProvider, url: string): boolean {
  if (provider !== 'sqlite' || !url.startsWith('file:')) return false;
  const path = sqliteFile(url);
  return path !== ':memory:' && !existsSync(path);
}

export async function openMigrationDb(provider: DatabaseProvider, url: string): Promise<MigrationDb> {
  if (provider === 'sqlite') return openSqlite(url);
  if (provider === 'postgresql') return openPostgres(url);
  throw new Error(`provider must be "sqlite" or "postgresql", got "${String(provider)}"`);
}
