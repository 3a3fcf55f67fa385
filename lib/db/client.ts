/**
 * Opens a subgraph's database and hands out what reaches it, explicitly:
 * - `prisma`: the typed client, for writes, transactions and the rare reads. Each subgraph has two
 *   generated clients (SQLite, PostgreSQL) with the same model API; code is typed against the
 *   SQLite one and the provider is picked at start.
 * - `reader`: the hot batched reads as prepared statements on a connection of their own (reader.ts).
 * - `writer` (when asked for): a second client on a connection of its own for the group commits (the
 *   person subgraph's access log, the gateway's usage). Prisma's SQLite adapter runs everything on
 *   one connection, where a plain write issued while another request's `$transaction` is open runs
 *   inside it and rolls back with it; on its own connection a group commit is never part of
 *   another request's transaction (SQLite: see the gate in adapters.ts; PostgreSQL: its own pool).
 *
 * Every statement of the three is reported to `onQuery` (tests count them).
 */
import type { DatabaseProvider } from '../config.ts';
import type BetterSqlite3 from 'better-sqlite3';
import { gatedSqliteAdapter, postgresAdapter } from './adapters.ts';
import { openReader, type Reader } from './reader.ts';

/** What this module needs of a generated Prisma client. */
export interface PrismaLike {
  $disconnect(): Promise<void>;
  $queryRawUnsafe(query: string): Promise<unknown>;
  $executeRawUnsafe(query: string): Promise<unknown>;
}

export interface Db<P extends PrismaLike> {
  readonly prisma: P;
  readonly reader: Reader;
  /** The group commits' own connection; opened only where asked for (`openDb(…, { writer: true })`). */
  readonly writer?: P;
  /** Closes the reader, the writer and the client. */
  close(): Promise<void>;
}

export type DbWithWriter<P extends PrismaLike> = Db<P> & { readonly writer: P };

/** The generated clients of one schema, loaded on demand (only the configured provider's is imported). */
export interface ClientModules<P> {
  sqlite: () => Promise<{ PrismaClient: unknown }>;
  postgresql: () => Promise<{ PrismaClient: unknown }>;
  _client?: P;
}

export interface OpenOptions {
  /** Every SQL statement sent, by any of the connections. */
  onQuery?: (sql: string) => void;
  /** Open the group commits' own connection too. */
  writer?: boolean;
  /**
   * SQLite: a commit must survive a power cut once a caller was told it was written: WAL with
   * `synchronous=FULL` on the writing connections (PostgreSQL commits durably by default).
   */
  durable?: boolean;
}

type ClientCtor<P> = new (opts: { adapter: unknown; log?: unknown }) => P;
type QueryEvents = { $on(ev: 'query', cb: (e: { query: string }) => void): void };

/** PostgreSQL pool sizes: the client's, and the writer's (one group commit in flight at a time). */
const POOL = { prisma: 10, writer: 2 };

export function openDb<P extends PrismaLike>(
  modules: ClientModules<P>, provider: DatabaseProvider, url: string, o: OpenOptions & { writer: true },
): Promise<DbWithWriter<P>>;
export function openDb<P extends PrismaLike>(
  modules: ClientModules<P>, provider: DatabaseProvider, url: string, o?: OpenOptions,
): Promise<Db<P>>;
export async function openDb<P extends PrismaLike>(
  modules: ClientModules<P>, provider: DatabaseProvider, url: string, o: OpenOptions = {},
): Promise<Db<P>> {
  const Ctor = (await modules[provider]()).PrismaClient as ClientCtor<P>;
  const releases: Array<() => void> = [];
  const client = (role: keyof typeof POOL): P => {
    let adapter: unknown;
    let gated: ReturnType<typeof gatedSqliteAdapter> | undefined;
    if (provider === 'sqlite') {
      gated = gatedSqliteAdapter(url);
      releases.push(gated.release);
      adapter = gated.adapter;
    } else {
      adapter = postgresAdapter({ url, max: POOL[role] });
    }
    const c = new Ctor({ adapter, log: o.onQuery ? [{ emit: 'event', level: 'query' }] : undefined });
    if (o.onQuery) (c as unknown as QueryEvents).$on('query', (e) => o.onQuery!(e.query));
    if (gated) sqliteDrivers.set(c, { connection: gated.connection, transactions: gated.transactions, onQuery: o.onQuery });
    return c;
  };
  const prisma = client('prisma');
  const writer = o.writer ? client('writer') : undefined;
  const reader = openReader(provider, url, o.onQuery);
  const db: Db<P> = {
    prisma,
    reader,
    writer,
    async close() {
      await reader.close();
      await writer?.$disconnect();
      await prisma.$disconnect();
      for (const release of releases) release();
    },
  };
  if (provider === 'sqlite' && (o.durable || writer)) {
    try {
      for (const c of writer ? [prisma, writer] : [prisma]) {
        await c.$queryRawUnsafe('PRAGMA journal_mode = WAL');
        if (o.durable) await c.$executeRawUnsafe('PRAGMA synchronous = FULL');
      }
    } catch (err) {
      await db.close();
      throw err;
    }
  }
  return db;
}

/** One cheap round trip (readiness). */
export async function ping(db: Db<PrismaLike>): Promise<void> {
  await db.prisma.$queryRawUnsafe('SELECT 1');
}

/** A unique index refused the write (Prisma P2002): a concurrent request got there first. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'P2002';
}

export interface TransactionOptions {
  maxWait?: number;
  timeout?: number;
}

/** What `transaction` needs of a Prisma client: its interactive `$transaction`. */
interface Transactional<T> {
  $transaction<R>(fn: (prisma: T) => Promise<R>, options?: TransactionOptions): Promise<R>;
}

/**
 * Runs `fn` in one transaction of `db`'s Prisma client; `fn` gets the transaction as a `{ prisma }`
 * handle, so a subgraph's `db/` functions take the same shape inside a transaction and outside one.
 */
export function transaction<T, R>(
  db: { readonly prisma: Transactional<T> }, fn: (tx: { readonly prisma: T }) => Promise<R>, options?: TransactionOptions,
): Promise<R> {
  return db.prisma.$transaction((prisma) => {
    const tx = { prisma };
    const driver = sqliteDrivers.get(db.prisma);
    if (driver) transactionDrivers.set(tx, { driver, transaction: driver.transactions() });
    return fn(tx);
  }, options);
}

/** A SQLite client's driver connection (Prisma's adapter runs everything on one), and who counts statements. */
interface SqliteDriver {
  connection(): BetterSqlite3.Database | null;
  /** Transaction starts and ends on the connection so far (adapters.ts). */
  transactions(): number;
  onQuery?: (sql: string) => void;
}
const sqliteDrivers = new WeakMap<object, SqliteDriver>();
/** A transaction handle's driver, and the connection's count when the transaction was open. */
const transactionDrivers = new WeakMap<object, { driver: SqliteDriver; transaction: number }>();

/**
 * The better-sqlite3 connection whose open transaction `tx` is (a `transaction` handle on SQLite),
 * or null: not such a handle, or its transaction has ended, so a write on it would no longer be
 * part of it (Prisma's own statements on such a handle fail: the caller falls back to them). Statements run on it bypass Prisma; bulk-insert.ts uses it
 * for many rows, where Prisma's handling of the parameters cost more than SQLite's work.
 */
export function sqliteTransactionDriver(tx: object): { connection: BetterSqlite3.Database; onQuery?: (sql: string) => void } | null {
  const entry = transactionDrivers.get(tx);
  if (!entry) return null;
  const connection = entry.driver.connection();
  // Ended (committed, rolled back by a timeout) and maybe another transaction open on the
  // connection since: its rows must not land in that one.
  if (!connection?.inTransaction || entry.driver.transactions() !== entry.transaction) return null;
  return { connection, onQuery: entry.driver.onQuery };
}
