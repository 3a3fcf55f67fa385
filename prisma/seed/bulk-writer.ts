/**
 * Bulk loading with the plain drivers (Prisma costs ~90 µs a row; this costs a few). One writer per
 * subgraph database, and the whole load of a database is ONE transaction: the secondary indexes
 * of the tables being filled are dropped first and rebuilt at the end (a sorted build is several
 * times faster than inserting into them row by row), and a crash rolls everything back, the
 * dropped indexes included (SQLite and PostgreSQL both have transactional DDL).
 *
 * - SQLite (better-sqlite3): prepared multi-row INSERTs of up to 100 rows.
 * - PostgreSQL (pg): one `INSERT … SELECT * FROM unnest($1::text[], …)` per table and flush, one
 *   array parameter per column; the next batch is generated while the server writes this one.
 */
import { existsSync } from 'node:fs';
import type { DatabaseProvider } from '../../lib/config.ts';
import { storedDateTime } from '../../lib/db/dialect.ts';
import { openSqlite, pgClient, type SqliteStatement } from '../../lib/db/drivers.ts';
import { sqliteFile } from '../../lib/db/url.ts';
import type { ColumnType, TableSpec } from './tables.ts';

export interface BulkWriter {
  /** Queues one row; nothing is written before `flush`. */
  add<R>(table: TableSpec<R>, row: R): void;
  /** Writes the queued rows (inside the load transaction). */
  flush(): Promise<void>;
  /** Writes the rest and rebuilds the dropped indexes: only COMMIT is left. */
  prepare(): Promise<void>;
  /** Prepares (unless done) and commits. */
  commit(): Promise<void>;
  /** Rolls the whole load back. Safe to call after a failure, and twice. */
  rollback(): Promise<void>;
  /** Rows queued so far. */
  readonly rows: number;
}

export interface WriterOptions {
  provider: DatabaseProvider;
  /** SQLite: `file:/abs/path.db`; PostgreSQL: a connection string. */
  url: string;
  /** The tables that will be filled: they must exist (migrated) and be empty, unless `reset`. */
  tables: readonly TableSpec[];
  /** Delete the rows of `tables` first (in the same transaction). */
  reset?: boolean;
  /** Drop and rebuild the tables' secondary indexes (default true). */
  rebuildIndexes?: boolean;
}

export class SeedTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeedTargetError';
  }
}

export function openWriter(o: WriterOptions): Promise<BulkWriter> {
  return o.provider === 'sqlite' ? openSqliteWriter(o) : openPostgresWriter(o);
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** One growing flat array of values per table. */
class Queue {
  readonly values: unknown[] = [];
  rowCount = 0;
  constructor(readonly table: TableSpec, readonly convert: (type: ColumnType, v: unknown) => unknown) {}

  push(row: Record<string, unknown>): void {
    const { columns, types } = this.table;
    for (let c = 0; c < columns.length; c++) {
      const v = row[columns[c]!];
      if (v === undefined) throw new TypeError(`seed row for ${this.table.name} has no value for ${columns[c]}`);
      this.values.push(v === null ? null : this.convert(types[c]!, v));
    }
    this.rowCount++;
  }

  clear(): void {
    this.values.length = 0;
    this.rowCount = 0;
  }
}

// ---------------------------------------------------------------------------------------------
// SQLite
// ---------------------------------------------------------------------------------------------

const SQLITE_ROWS_PER_STATEMENT = 100;

function sqliteValue(type: ColumnType, v: unknown): unknown {
  switch (type) {
    case 'bool': return v ? 1 : 0;
    case 'datetime': return storedDateTime('sqlite', v as Date);
    default: return v;
  }
}

async function openSqliteWriter(o: WriterOptions): Promise<BulkWriter> {
  const path = sqliteFile(o.url);
  if (path !== ':memory:' && !existsSync(path)) {
    throw new SeedTargetError(`SQLite database ${path} does not exist: apply the migrations first`);
  }
  const db = openSqlite(o.url);
  const queues = new Map<TableSpec, Queue>();
  const single = new Map<TableSpec, SqliteStatement>();
  const multi = new Map<TableSpec, SqliteStatement>();
  let indexes: Array<{ name: string; sql: string }> = [];
  let rows = 0;
  let open = true;
  // Rollback journal, not WAL, for the load (a WAL would receive every page once more); no fsync
  // until the commit. Both are per connection, except WAL, which is restored at the end.
  const journal = String(db.pragma('journal_mode', { simple: true }));
  const restoreJournal = () => {
    if (journal === 'wal') db.pragma('journal_mode = WAL');
  };
  /** Drops whatever was written and closes the connection: a rollback, or a failed open. */
  const abandon = () => {
    try {
      if (db.inTransaction) db.exec('ROLLBACK');
      restoreJournal();
    } finally {
      db.close();
    }
  };
  try {
    if (journal === 'wal') db.pragma('journal_mode = DELETE');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144'); // 256 MiB
    db.pragma('temp_store = MEMORY');

    for (const t of o.tables) {
      const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(t.name);
      if (!exists) throw new SeedTargetError(`table ${t.name} is missing from ${path}: apply the migrations first`);
    }
    db.exec('BEGIN');
    for (const t of o.tables) {
      if (o.reset || t.replaces) db.exec(`DELETE FROM ${q(t.name)}`);
      else if (db.prepare(`SELECT 1 FROM ${q(t.name)} LIMIT 1`).get()) {
        throw new SeedTargetError(`table ${t.name} in ${path} already has rows: seed an empty database, or reset`);
      }
    }
    if (o.rebuildIndexes !== false) {
      for (const t of o.tables) {
        const found = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`)
          .all(t.name) as Array<{ name: string; sql: string }>;
        for (const ix of found) db.exec(`DROP INDEX ${q(ix.name)}`);
        indexes.push(...found);
      }
    }
    for (const t of o.tables) {
      const cols = t.columns.map(q).join(', ');
      const tuple = `(${t.columns.map(() => '?').join(', ')})`;
      queues.set(t, new Queue(t, sqliteValue));
      single.set(t, db.prepare(`INSERT INTO ${q(t.name)} (${cols}) VALUES ${tuple}`));
      multi.set(t, db.prepare(`INSERT INTO ${q(t.name)} (${cols}) VALUES ${Array(SQLITE_ROWS_PER_STATEMENT).fill(tuple).join(', ')}`));
    }

    const flushSync = () => {
      for (const [t, queue] of queues) {
        if (queue.rowCount === 0) continue;
        const width = t.columns.length;
        const all = queue.values;
        const full = Math.floor(queue.rowCount / SQLITE_ROWS_PER_STATEMENT);
        const m = multi.get(t)!;
        const s = single.get(t)!;
        const span = width * SQLITE_ROWS_PER_STATEMENT;
        for (let b = 0; b < full; b++) m.run(all.slice(b * span, (b + 1) * span));
        for (let r = full * SQLITE_ROWS_PER_STATEMENT; r < queue.rowCount; r++) s.run(all.slice(r * width, (r + 1) * width));
        queue.clear();
      }
    };

    const writer: BulkWriter = {
      get rows() { return rows; },
      add(table, row) {
        const queue = queues.get(table as TableSpec);
        if (!queue) throw new Error(`table ${table.name} was not opened for seeding in ${path}`);
        queue.push(row as Record<string, unknown>);
        rows++;
      },
      async flush() {
        flushSync();
      },
      async prepare() {
        flushSync();
        for (const ix of indexes) db.exec(ix.sql);
        indexes = [];
      },
      async commit() {
        await writer.prepare();
        db.exec('COMMIT');
        restoreJournal();
        db.close();
        open = false;
      },
      async rollback() {
        if (!open) return;
        open = false;
        abandon();
      },
    };
    return writer;
  } catch (err) {
    abandon();
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------------

const PG_ARRAY_TYPE: Record<ColumnType, string> = {
  text: 'text[]', int: 'integer[]', bigint: 'bigint[]', float: 'double precision[]', bool: 'boolean[]', datetime: 'timestamp(3)[]',
};

function pgValue(type: ColumnType, v: unknown): unknown {
  // Dates as UTC text without zone: node-pg would print a Date in the local zone. A bigint as its
  // digits: the array parameter is cast to bigint[] by the statement.
  return type === 'datetime' ? storedDateTime('postgresql', v as Date) : type === 'bigint' ? String(v) : v;
}

async function openPostgresWriter(o: WriterOptions): Promise<BulkWriter> {
  const client = pgClient(o.url);
  await client.connect();
  const queues = new Map<TableSpec, Queue>();
  const insertSql = new Map<TableSpec, string>();
  let indexes: string[] = [];
  let rows = 0;
  let open = true;
  let inflight: Promise<void> = Promise.resolve();
  try {
    const present = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ANY($1::text[])`,
      [o.tables.map((t) => t.name)],
    );
    const have = new Set(present.rows.map((r) => r.table_name));
    const missing = o.tables.filter((t) => !have.has(t.name)).map((t) => t.name);
    if (missing.length) throw new SeedTargetError(`tables ${missing.join(', ')} are missing: apply the migrations first`);

    await client.query('BEGIN');
    if (o.reset) await client.query(`TRUNCATE ${o.tables.map((t) => q(t.name)).join(', ')}`);
    else {
      for (const t of o.tables.filter((x) => x.replaces)) await client.query(`DELETE FROM ${q(t.name)}`);
      for (const t of o.tables.filter((x) => !x.replaces)) {
        const r = await client.query(`SELECT 1 FROM ${q(t.name)} LIMIT 1`);
        if (r.rowCount) throw new SeedTargetError(`table ${t.name} already has rows: seed an empty database, or reset`);
      }
    }
    if (o.rebuildIndexes !== false) {
      // Secondary indexes only: not those behind a primary key or a constraint.
      const found = await client.query<{ name: string; def: string }>(
        `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def
           FROM pg_index x
           JOIN pg_class i ON i.oid = x.indexrelid
           JOIN pg_class t ON t.oid = x.indrelid
           JOIN pg_namespace n ON n.oid = t.relnamespace
          WHERE n.nspname = current_schema() AND t.relname = ANY($1::text[])
            AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`,
        [o.tables.map((t) => t.name)],
      );
      for (const ix of found.rows) await client.query(`DROP INDEX ${q(ix.name)}`);
      indexes = found.rows.map((r) => r.def);
    }
    for (const t of o.tables) {
      queues.set(t, new Queue(t, pgValue));
      const cols = t.columns.map(q).join(', ');
      const arrays = t.types.map((type, i) => `$${i + 1}::${PG_ARRAY_TYPE[type]}`).join(', ');
      insertSql.set(t, `INSERT INTO ${q(t.name)} (${cols}) SELECT * FROM unnest(${arrays})`);
    }

    /** Turns the queues into per-column arrays and empties them (synchronously). */
    const takeBatches = () => {
      const batches: Array<{ sql: string; params: unknown[][] }> = [];
      for (const [t, queue] of queues) {
        if (queue.rowCount === 0) continue;
        const width = t.columns.length;
        const params: unknown[][] = t.columns.map(() => new Array(queue.rowCount));
        const all = queue.values;
        for (let r = 0, k = 0; r < queue.rowCount; r++) for (let c = 0; c < width; c++) params[c]![r] = all[k++];
        batches.push({ sql: insertSql.get(t)!, params });
        queue.clear();
      }
      return batches;
    };
    const send = async (batches: Array<{ sql: string; params: unknown[][] }>) => {
      for (const b of batches) await client.query(b.sql, b.params);
    };

    const writer: BulkWriter = {
      get rows() { return rows; },
      add(table, row) {
        const queue = queues.get(table as TableSpec);
        if (!queue) throw new Error(`table ${table.name} was not opened for seeding`);
        queue.push(row as Record<string, unknown>);
        rows++;
      },
      async flush() {
        // At most one batch in flight: wait for the previous one, send this one, return at once.
        await inflight;
        const batches = takeBatches();
        inflight = send(batches);
        inflight.catch(() => undefined); // surfaced by the next flush/commit
      },
      async prepare() {
        await inflight;
        await send(takeBatches());
        for (const def of indexes) await client.query(def);
        indexes = [];
      },
      async commit() {
        await writer.prepare();
        await client.query('COMMIT');
        open = false;
        await client.end();
      },
      async rollback() {
        if (!open) return;
        open = false;
        try {
          await inflight.catch(() => undefined);
          await client.query('ROLLBACK').catch(() => undefined);
        } finally {
          await client.end().catch(() => undefined);
        }
      },
    };
    return writer;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end().catch(() => undefined);
    throw err;
  }
}
