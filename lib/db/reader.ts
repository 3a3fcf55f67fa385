/**
 * The read path for the hot batched lookups (a DataLoader's `uscc IN (…)`, an entity by id):
 * prepared statements on the driver itself, next to the Prisma client that does everything else
 * (writes, transactions, migrations, the rare reads).
 *
 * Why: measured on the 100k bench data set (`npx tsx bench/read-path.ts`; bench/README.md, "Where
 * the subgraphs' time went"), one archive-category lookup through Prisma 7's client costs ~395 µs
 * of CPU against ~20 µs through this path (~14 µs bare better-sqlite3); under load the subgraphs
 * spent about half of their busy time in Prisma's client and adapter (profiles). The statements
 * here are plain SQL over the tables Prisma's migrations create, written once in PostgreSQL's
 * syntax (`$1`, `= ANY($1)`, `NULLS LAST`) and translated for SQLite (`?`, `IN (SELECT value FROM
 * json_each(?))`), so a key list of any length is one prepared statement.
 *
 * SQLite: a second connection (query_only) to the same WAL-mode file (readers see every committed
 * write; nothing here runs inside the Prisma client's transactions). PostgreSQL: a small `pg`
 * pool with named prepared statements. Every statement is reported to `onQuery` like Prisma's, as
 * the database receives it.
 */
import { createRequire } from 'node:module';
import type { DatabaseProvider } from '../config.ts';

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

interface SqliteForm { sql: string; order: number[] }

/** PostgreSQL syntax → SQLite: `= ANY($n)` lists via json_each, `$n` → positional `?`. */
export function toSqlite(text: string): SqliteForm {
  const order: number[] = [];
  const sql = text
    .replace(/=\s*ANY\s*\(\s*\$(\d+)\s*\)/g, (_m, n: string) => `IN (SELECT value FROM json_each($${n}))`)
    .replace(/\$(\d+)/g, (_m, n: string) => { order.push(Number(n) - 1); return '?'; });
  return { sql, order };
}

type Statement = { all(...params: unknown[]): Record<string, unknown>[] };
type SqliteDb = { prepare(sql: string): Statement; close(): void; pragma(s: string): unknown };

/** `file:./data/x.db` (Prisma's form) → the path, as Prisma's SQLite adapter reads it. */
const sqlitePath = (url: string) => url.replace(/^file:/, '');

function sqliteReader(url: string, onQuery?: (sql: string) => void): Reader {
  let db: SqliteDb | null = null;
  const prepared = new Map<string, { stmt: Statement; sql: string; order: number[]; booleans: readonly string[]; dates: readonly string[] }>();
  const open = (): SqliteDb => {
    if (db) return db;
    const Database = createRequire(import.meta.url)('better-sqlite3') as new (path: string, o: object) => SqliteDb;
    db = new Database(sqlitePath(url), { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
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
      const args = p.order.map((i) => {
        const v = params[i];
        return Array.isArray(v) ? JSON.stringify(v) : typeof v === 'boolean' ? Number(v) : v;
      });
      const rows = p.stmt.all(...args);
      if (p.booleans.length) {
        for (const row of rows) for (const b of p.booleans) if (b in row && row[b] !== null) row[b] = row[b] === 1;
      }
      if (p.dates.length) {
        for (const row of rows) for (const d of p.dates) if (typeof row[d] === 'string' || typeof row[d] === 'number') row[d] = new Date(row[d] as string);
      }
      return rows as T[];
    },
    async close() {
      db?.close();
      db = null;
      prepared.clear();
    },
  };
}

type PgPool = {
  query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<void>;
};

function postgresReader(url: string, onQuery?: (sql: string) => void): Reader {
  let pool: PgPool | null = null;
  const open = (): PgPool => {
    if (pool) return pool;
    const { Pool, types } = createRequire(import.meta.url)('pg') as {
      Pool: new (o: object) => PgPool;
      types: { builtins: Record<string, number>; getTypeParser(oid: number, format?: string): (v: string) => unknown };
    };
    // Prisma keeps DateTime as TIMESTAMP(3) in UTC; pg's default would read it in the process's zone.
    const utc = (v: string) => new Date(`${v.replace(' ', 'T')}Z`);
    const getTypeParser = (oid: number, format?: string) =>
      (oid === types.builtins.TIMESTAMP ? utc : types.getTypeParser(oid, format));
    // allowExitOnIdle: an idle pool never keeps a process alive that is otherwise done.
    pool = new Pool({ connectionString: url, max: 4, allowExitOnIdle: true, types: { getTypeParser } });
    return pool;
  };
  return {
    provider: 'postgresql',
    async all<T>(q: Query, params: readonly unknown[]): Promise<T[]> {
      onQuery?.(q.text);
      const res = await open().query({ name: q.name, text: q.text, values: [...params] });
      return res.rows as T[];
    },
    async close() {
      const p = pool;
      pool = null;
      await p?.end();
    },
  };
}

export function openReader(provider: DatabaseProvider, url: string, onQuery?: (sql: string) => void): Reader {
  return provider === 'sqlite' ? sqliteReader(url, onQuery) : postgresReader(url, onQuery);
}

const readers = new WeakMap<object, Reader>();

/** Ties a reader to its subgraph's Prisma client: `readerOf(db)` finds it. */
export function attachReader(client: object, reader: Reader): void {
  readers.set(client, reader);
}

export function readerOf(client: object): Reader {
  const r = readers.get(client);
  if (!r) throw new Error('no reader is attached to this database client (open it with openPrisma)');
  return r;
}
