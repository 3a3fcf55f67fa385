/**
 * Prisma's driver adapters, made here only: SQLite (better-sqlite3) behind a per-file gate, and
 * PostgreSQL (pg).
 *
 * The gate. Prisma's SQLite adapter keeps one connection per client; a process that opens a
 * second connection to the same file (the group-commit writer, see client.ts) meets two hazards:
 * - better-sqlite3 waits for another connection's lock by blocking the thread. A Prisma
 *   interactive transaction holds the write lock across awaits, so a second connection of the same
 *   process writing meanwhile would block the very thread that transaction needs to end, for the
 *   whole busy timeout.
 * - A deferred transaction that read before another connection committed can no longer write
 *   (SQLITE_BUSY_SNAPSHOT): a workflow would fail because a log entry was committed beside it.
 * So within a process, a transaction on one of a file's connections excludes transactions on the
 * others, and a plain statement waits while another connection holds one. A connection's own
 * plain statements run as before, inside its open transaction if it has one; across processes the
 * busy timeout applies as before.
 */
import { resolve } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import BetterSqlite3 from 'better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from '@prisma/driver-adapter-utils';
import type { PgPool } from './drivers.ts';
import { SQLITE_BUSY_TIMEOUT_MS } from './drivers.ts';
import { sqliteFile } from './url.ts';

/** A plain object that forwards to `adapter` (class instances: spreading would drop their methods). */
export function delegate(adapter: SqlDriverAdapter, overrides: Partial<SqlDriverAdapter>): SqlDriverAdapter {
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => adapter.queryRaw(query),
    executeRaw: (query) => adapter.executeRaw(query),
    executeScript: (script) => adapter.executeScript(script),
    startTransaction: (level) => adapter.startTransaction(level),
    getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
    dispose: () => adapter.dispose(),
    ...overrides,
  };
}

/** Prisma's SQLite adapter for a `file:` URL (the migration-aware factory, for the schema engine too). */
export function sqliteAdapter(url: string, shadowDatabaseUrl?: string): PrismaBetterSqlite3 {
  return new PrismaBetterSqlite3({ url: sqliteFile(url), timeout: SQLITE_BUSY_TIMEOUT_MS }, shadowDatabaseUrl ? { shadowDatabaseUrl } : undefined);
}

/** Prisma's PostgreSQL adapter over its own pool of `max`, or over `pool` (closed with the adapter). */
export function postgresAdapter(source: { url: string; max: number } | PgPool): PrismaPg {
  return 'url' in source
    ? new PrismaPg({ connectionString: source.url, max: source.max })
    : new PrismaPg(source, { disposeExternalPool: true });
}

/** The transactions of one SQLite file's connections in this process (see the top of this file). */
class SqliteGate {
  /** The connection whose transaction is open. */
  #holder: object | null = null;
  #waiting: Array<() => void> = [];

  #released(): Promise<void> {
    return new Promise((wake) => this.#waiting.push(wake));
  }

  #release(): void {
    this.#holder = null;
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const wake of waiting) wake();
  }

  /** Runs `statement` once no other connection holds a transaction; it is called synchronously after the check. */
  async run<T>(conn: object, statement: () => Promise<T>): Promise<T> {
    while (this.#holder !== null && this.#holder !== conn) await this.#released();
    return statement();
  }

  /** Starts a transaction once none is open on any connection; it releases the gate when it ends. */
  async begin(conn: object, start: () => Promise<Transaction>): Promise<Transaction> {
    while (this.#holder !== null) await this.#released();
    this.#holder = conn;
    let tx: Transaction;
    try {
      tx = await start();
    } catch (err) {
      this.#release();
      throw err;
    }
    const end = async (finish: () => Promise<void>) => {
      try {
        await finish();
      } finally {
        this.#release();
      }
    };
    return {
      provider: tx.provider,
      adapterName: tx.adapterName,
      options: tx.options,
      queryRaw: (query) => tx.queryRaw(query),
      executeRaw: (query) => tx.executeRaw(query),
      commit: () => end(() => tx.commit()),
      rollback: () => end(() => tx.rollback()),
      createSavepoint: tx.createSavepoint?.bind(tx),
      rollbackToSavepoint: tx.rollbackToSavepoint?.bind(tx),
      releaseSavepoint: tx.releaseSavepoint?.bind(tx),
    };
  }
}

const gates = new Map<string, { gate: SqliteGate; users: number }>();

/**
 * Makes the adapter's transactions take SQLite's write lock when they begin (`BEGIN IMMEDIATE`;
 * the adapter says `BEGIN`, deferred). Another process writes to the same file (the bulk-ingest
 * runner, the CLI's retention run): a deferred transaction that read, then found that process had
 * committed, failed its first write with SQLITE_BUSY_SNAPSHOT, which no busy timeout retries; an
 * immediate one waits for the lock at its start instead (the busy timeout) and reads what it then
 * writes on. In this process nothing changes: the gate already lets one transaction write at a time,
 * and the prepared reads have connections of their own (WAL: readers never wait for the lock).
 */
function beginImmediate(driver: BetterSqlite3.Database): void {
  const prepare = driver.prepare.bind(driver);
  driver.prepare = ((source: string) => prepare(source === 'BEGIN' ? 'BEGIN IMMEDIATE' : source)) as typeof driver.prepare;
}

/**
 * Prisma's SQLite adapter for `url`, its connection behind the file's gate; `release()` once the
 * client is closed; `connection()`: the better-sqlite3 handle of that connection once Prisma opened
 * it (bulk-insert.ts writes a transaction's many rows on it directly); `transactions()`: a count of
 * transaction starts and ends on it, so a handle can tell its transaction is still the open one.
 */
export function gatedSqliteAdapter(url: string): {
  adapter: SqlDriverAdapterFactory; release(): void; connection(): BetterSqlite3.Database | null; transactions(): number;
} {
  const file = sqliteFile(url);
  // Each connection to `:memory:` is a database of its own: nothing to share.
  const key = file === ':memory:' ? null : resolve(file);
  const entry = (key === null ? undefined : gates.get(key)) ?? { gate: new SqliteGate(), users: 0 };
  entry.users++;
  if (key !== null) gates.set(key, entry);
  const { gate } = entry;
  const base = sqliteAdapter(url);
  let connection: BetterSqlite3.Database | null = null;
  /** Counts transaction starts and ends on the connection: a transaction's own number changes when it ends. */
  let transactions = 0;
  const adapter: SqlDriverAdapterFactory = {
    provider: base.provider,
    adapterName: base.adapterName,
    async connect() {
      const inner = await base.connect();
      // The adapter keeps its driver handle in a public field (`client`); absent, the bulk path falls back to Prisma.
      const driver = (inner as unknown as { client?: unknown }).client;
      if (driver instanceof BetterSqlite3) {
        connection = driver;
        beginImmediate(driver);
      }
      const conn = {};
      return delegate(inner, {
        queryRaw: (query) => gate.run(conn, () => inner.queryRaw(query)),
        executeRaw: (query) => gate.run(conn, () => inner.executeRaw(query)),
        executeScript: (script) => gate.run(conn, () => inner.executeScript(script)),
        startTransaction: async (level) => {
          const tx = await gate.begin(conn, () => inner.startTransaction(level));
          transactions++;
          const ended = (finish: () => Promise<void>) => () => { transactions++; return finish(); };
          return { ...tx, commit: ended(tx.commit), rollback: ended(tx.rollback) };
        },
      });
    },
  };
  let released = false;
  return {
    adapter,
    connection: () => connection,
    transactions: () => transactions,
    release() {
      if (released) return;
      released = true;
      if (--entry.users === 0 && key !== null) gates.delete(key);
    },
  };
}
