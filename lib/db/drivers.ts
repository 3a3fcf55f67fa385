/**
 * The plain drivers (better-sqlite3, pg), opened here only, from the URLs url.ts parses: the hot
 * reads (reader.ts), the migration runner, the schema engine's PostgreSQL pools and the seed's bulk
 * writers use them where Prisma's client would cost too much or cannot go.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { pgUtcTimestamp } from './dialect.ts';
import { postgresUrl, sqliteFile } from './url.ts';

export type SqliteConnection = Database.Database;
export type SqliteStatement = Database.Statement;
export type PgClient = pg.Client;
export type PgPool = pg.Pool;
export type PgQueryResult = pg.QueryResult;
/** The pg client class, for a pool whose connections need a tweak (schema-engine.ts). */
export const PgClientClass = pg.Client;

/** The SQLite busy timeout used everywhere but the migration runner: how long to wait for a write lock. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

export interface SqliteOptions {
  readonly?: boolean;
  /** Refuse to create the file (default true: a missing file means no migration ran). */
  mustExist?: boolean;
  /** How long a statement waits for another connection's lock (better-sqlite3 blocks the thread meanwhile). */
  busyTimeoutMs?: number;
}

/** A better-sqlite3 connection to the file of a `file:` URL. */
export function openSqlite(url: string, o: SqliteOptions = {}): SqliteConnection {
  return new Database(sqliteFile(url), {
    readonly: o.readonly ?? false,
    fileMustExist: o.mustExist ?? true,
    timeout: o.busyTimeoutMs ?? SQLITE_BUSY_TIMEOUT_MS,
  });
}

/** A pg client (not yet connected) for a `postgresql://` URL. */
export function pgClient(url: string): PgClient {
  return new pg.Client({ connectionString: postgresUrl(url) });
}

export interface PgPoolOptions {
  max: number;
  /** Read TIMESTAMP columns as the UTC instants Prisma wrote (see dialect.ts). */
  utcTimestamps?: boolean;
  Client?: typeof pg.Client;
  /** Told when the server ends one of the pool's idle connections (default: nothing to do). */
  onIdleError?: (err: Error) => void;
}

/**
 * A pg pool; an idle pool never keeps a process alive that is otherwise done, and the server ending
 * an idle connection never ends the process. pg reports that on the pool's 'error' event and drops
 * the connection itself (the next query opens a new one); with no listener Node would throw it, so
 * a PostgreSQL restart, an operator's pg_terminate_backend or a DROP DATABASE … WITH (FORCE) killed
 * the gateway or a subgraph.
 */
export function pgPool(url: string, o: PgPoolOptions): PgPool {
  const getTypeParser = (oid: number, format?: string) =>
    (oid === pg.types.builtins.TIMESTAMP ? pgUtcTimestamp : pg.types.getTypeParser(oid, format as 'text'));
  const pool = new pg.Pool({
    connectionString: postgresUrl(url),
    max: o.max,
    allowExitOnIdle: true,
    ...(o.Client ? { Client: o.Client } : {}),
    ...(o.utcTimestamps ? { types: { getTypeParser } as pg.CustomTypesConfig } : {}),
  });
  pool.on('error', o.onIdleError ?? (() => undefined));
  return pool;
}
