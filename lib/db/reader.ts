/**
 * The read path for the hot batched lookups (a DataLoader's `uscc IN (…)`, an entity by id):
 * prepared statements on the driver itself, next to the Prisma client that does everything else
 * (writes, transactions, the rare reads).
 *
 * Why: measured on the 100k bench data set (`npx tsx bench/read-path.ts`; bench/README.md, "Where
 * the subgraphs' time went"), one archive-category lookup through Prisma 7's client costs ~395 µs
 * of CPU against ~20 µs through this path (~14 µs bare better-sqlite3); under load the subgraphs
 * spent about half of their busy time in Prisma's client and adapter (profiles). The statements
 * here are plain SQL over the tables Prisma's migrations create, written once in PostgreSQL's
 * syntax and translated for SQLite (dialect.ts), so a key list of any length is one prepared
 * statement.
 *
 * SQLite: a connection of its own (query_only) to the same WAL-mode file (readers see every
 * committed write; nothing here runs inside the Prisma client's transactions). PostgreSQL: a small
 * `pg` pool with named prepared statements. Every statement is reported to `onQuery` like Prisma's,
 * as the database receives it.
 */
import type { DatabaseProvider } from '../config.ts';
import { fromSqliteRows, sqliteArg, toSqlite } from './dialect.ts';
import { openSqlite, pgPool, type PgPool, type SqliteConnection, type SqliteStatement } from './drivers.ts';

/**
 * A SELECT written in PostgreSQL's syntax. SQLite returns Booleans as 0/1 and DateTimes as ISO
 * text: `booleans` and `dates` name those columns, turned into what Prisma returns.
 */
export interface Query {
  readonly name: string;
  readonly text: string;
  readonly booleans?: readonly string[];
  readonly dates?: readonly string[];
}

export interface Reader {
  readonly provider: DatabaseProvider;
  /** Rows of `q` with `params` ($1 = params[0]; an array binds a `= ANY($n)` list). */
  all<T>(q: Query, params: readonly unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** `select('loansOf', 'SELECT … WHERE "uscc" = ANY($1)', ['underObjection'])` */
export function select(name: string, text: string, booleans: readonly string[] = [], dates: readonly string[] = []): Query {
  return { name, text, booleans, dates };
}

function sqliteReader(url: string, onQuery?: (sql: string) => void): Reader {
  let db: SqliteConnection | null = null;
  const prepared = new Map<string, { stmt: SqliteStatement; sql: string; order: number[]; booleans: readonly string[]; dates: readonly string[] }>();
  const open = (): SqliteConnection => {
    if (db) return db;
    db = openSqlite(url);
    db.pragma('query_only = 1');
    return db;
  };
  return {
    provider: 'sqlite',
    async all<T>(q: Query, params: readonly unknown[]): Promise<T[]> {
      let p = prepared.get(q.name);
      if (!p) {
        const form = toSqlite(q.text);
        p = { stmt: open().prepare(form.sql), sql: form.sql, order: form.order, booleans: q.booleans ?? [], dates: q.dates ?? [] };
        prepared.set(q.name, p);
      }
      onQuery?.(p.sql);
      const rows = p.stmt.all(...p.order.map((i) => sqliteArg(params[i]))) as Record<string, unknown>[];
      fromSqliteRows(rows, p.booleans, p.dates);
      return rows as T[];
    },
    async close() {
      db?.close();
      db = null;
      prepared.clear();
    },
  };
}

function postgresReader(url: string, onQuery?: (sql: string) => void): Reader {
  let pool: PgPool | null = null;
  return {
    provider: 'postgresql',
    async all<T>(q: Query, params: readonly unknown[]): Promise<T[]> {
      onQuery?.(q.text);
      pool ??= pgPool(url, { max: 4, utcTimestamps: true });
      const res = await pool.query({ name: q.name, text: q.text, values: [...params] });
      return res.rows as T[];
    },
    async close() {
      const p = pool;
      pool = null;
      await p?.end();
    },
  };
}

/** Connects lazily, on the first statement. */
export function openReader(provider: DatabaseProvider, url: string, onQuery?: (sql: string) => void): Reader {
  return provider === 'sqlite' ? sqliteReader(url, onQuery) : postgresReader(url, onQuery);
}
