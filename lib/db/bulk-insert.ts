/**
 * Many rows in one INSERT, inside a Prisma transaction. Prisma 7's `createMany` costs ~0.8 ms of
 * CPU per row here (1,000 penalty rows: ~800 ms against ~50 ms for the same rows as one raw
 * statement, measured side by side on SQLite); collection writes four rows per record and the
 * monitoring matcher a feed entry and a webhook message per watcher of a change, so their hot
 * paths insert through this. Values are bound, never spliced; Booleans and DateTimes are written
 * the way Prisma stores them on each provider (lib/db/dialect.ts).
 *
 * On SQLite inside a `transaction` (lib/db/client.ts), the rows go straight to the driver
 * connection that transaction is open on; elsewhere through Prisma's raw statement.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { DatabaseProvider } from '../config.ts';
import { sqliteTransactionDriver } from './client.ts';
import { fromSqliteRows, sqliteArg, storedDateTime, toSqlite } from './dialect.ts';
import type { Query } from './reader.ts';

/** A transaction (or client) of any subgraph: raw statements are all this needs. */
type Tx = { readonly prisma: { $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<unknown> } };

/** Bound parameters per PostgreSQL statement: under its 65,535. */
const MAX_PARAMS = 30_000;

function bindable(value: unknown, provider: DatabaseProvider): unknown {
  if (value === undefined) return null;
  // PostgreSQL TIMESTAMP(3): a Date would be sent in local time, so it goes as UTC text too.
  if (value instanceof Date) return storedDateTime(provider, value);
  return provider === 'sqlite' ? sqliteArg(value) : value;
}

/** Prepared statements per connection, by text (a few per table that collection and the matcher write). */
const statements = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

function prepared(connection: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement {
  let cache = statements.get(connection);
  if (!cache) statements.set(connection, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = connection.prepare(sql)));
  return statement;
}

/** The last Date bound and its stored text: a batch's rows share one `now`, so it is formatted once. */
let lastDate: { date: Date; time: number; text: string } | null = null;

/**
 * A value bound directly: as Prisma would store it, and a whole number as an INTEGER (better-sqlite3
 * binds every JS number as REAL, which a TEXT column would keep as '1000.0').
 */
function directArg(value: unknown): unknown {
  if (value instanceof Date) {
    if (lastDate?.date !== value || lastDate.time !== value.getTime()) lastDate = { date: value, time: value.getTime(), text: storedDateTime('sqlite', value) };
    return lastDate.text;
  }
  const v = bindable(value, 'sqlite');
  return typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : v;
}

/**
 * Rows per INSERT on the driver: one statement of many VALUES tuples costs SQLite the same index
 * work as single-row ones but a fraction of the calls across the driver and of the statement
 * steps (measured on the bulk bench: bench/README.md); 64 rows of a 20-column table is 1,280
 * variables, far under SQLite's 32,766, and the statement stays small to prepare once.
 */
const ROWS_PER_STATEMENT = 64;

/** Inserts `rows` (objects of column → value; every row the same columns) into `table`. */
export function insertRows(
  tx: Tx, provider: DatabaseProvider, table: string, rows: ReadonlyArray<Record<string, unknown>>,
): Promise<void> {
  if (rows.length === 0) return Promise.resolve();
  const columns = Object.keys(rows[0]!);
  return insertValues(tx, provider, table, columns, rows.length, (r, c) => rows[r]![columns[c]!]);
}

/**
 * Inserts `tuples` (each the values of `columns`, in that order) into `table`: for rows that arrive
 * as arrays (a bulk job's archive rows, prepared in a worker thread and posted as arrays of
 * primitives, which cost less to pass between threads than objects), bound without building objects.
 */
export function insertTuples(
  tx: Tx, provider: DatabaseProvider, table: string, columns: readonly string[], tuples: ReadonlyArray<readonly unknown[]>,
): Promise<void> {
  if (tuples.length === 0) return Promise.resolve();
  return insertValues(tx, provider, table, columns, tuples.length, (r, c) => tuples[r]![c]);
}

/** Inserts `count` rows of `columns` into `table`, the value of row r's column c (an index into `columns`) read by `at`. */
async function insertValues(
  tx: Tx, provider: DatabaseProvider, table: string, columns: readonly string[], count: number,
  at: (r: number, c: number) => unknown,
): Promise<void> {
  const into = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) `;
  const driver = provider === 'sqlite' ? sqliteTransactionDriver(tx) : null;
  if (driver) {
    // Inside a transaction on SQLite: prepared INSERTs of up to ROWS_PER_STATEMENT rows run on the
    // driver's connection (a C call each, no statement text or JSON to build and parse): a third of
    // the CPU of the json_each form below per row, and Prisma's serializing of the JSON text cost more again.
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    const width = columns.length;
    for (let start = 0; start < count; start += ROWS_PER_STATEMENT) {
      const n = Math.min(ROWS_PER_STATEMENT, count - start);
      const sql = `${into}VALUES ${Array.from({ length: n }, () => tuple).join(', ')}`;
      // Reported once per call, as before statements grew several rows: callers count one INSERT per table.
      if (start === 0) driver.onQuery?.(sql);
      const args = new Array<unknown>(n * width);
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < width; c++) args[r * width + c] = directArg(at(start + r, c));
      }
      prepared(driver.connection, sql).run(args);
    }
    return;
  }
  const rows = Array.from({ length: count }, (_, r) => columns.map((_c, c) => bindable(at(r, c), provider)));
  if (provider === 'sqlite') {
    // The rows as ONE bound JSON text, unpacked by json_each: a short statement whatever the row
    // count (prepared in microseconds, where a statement of 30,000 `?` took milliseconds to
    // prepare and Prisma's client walked every parameter), and one value for the client to pass.
    const picks = columns.map((_c, i) => `value ->> ${i}`).join(', ');
    await tx.prisma.$executeRawUnsafe(`${into}SELECT ${picks} FROM json_each(?)`, JSON.stringify(rows));
    return;
  }
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  for (let start = 0; start < count; start += perStatement) {
    const part = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    const tuples = part.map((row) => `(${row.map((v) => {
      params.push(v);
      return `$${params.length}`;
    }).join(', ')})`);
    await tx.prisma.$executeRawUnsafe(`${into}VALUES ${tuples.join(', ')}`, ...params);
  }
}

/**
 * Rows of a prepared read (reader.ts's `Query`) run on the driver connection of `tx`'s open SQLite
 * transaction; null where there is none (PostgreSQL, or outside a transaction): the caller reads
 * through `db.reader` then. A bulk batch's lookups go here: the reader's connection loses its page
 * cache at every commit of the writer (each batch), so its lookups read the indexes cold, ~15 µs
 * per key at 50,000 rows against a few µs on the warm writing connection (bench/README.md).
 */
export function selectInTransaction<T>(tx: object, q: Query, params: readonly unknown[]): T[] | null {
  const driver = sqliteTransactionDriver(tx);
  if (!driver) return null;
  const form = toSqlite(q.text);
  driver.onQuery?.(form.sql);
  // Prisma's adapter turns on safe integers for its connection (BigInt out); the reader's rows have numbers.
  const statement = prepared(driver.connection, form.sql).safeIntegers(false);
  const rows = statement.all(...form.order.map((i) => sqliteArg(params[i]))) as Record<string, unknown>[];
  fromSqliteRows(rows, q.booleans ?? [], q.dates ?? []);
  return rows as T[];
}
