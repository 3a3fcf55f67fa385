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
import { sqliteArg, storedDateTime } from './dialect.ts';

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

/**
 * A value bound directly: as Prisma would store it, and a whole number as an INTEGER (better-sqlite3
 * binds every JS number as REAL, which a TEXT column would keep as '1000.0').
 */
function directArg(value: unknown): unknown {
  const v = bindable(value, 'sqlite');
  return typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : v;
}

/** Inserts `rows` (objects of column → value; every row the same columns) into `table`. */
export async function insertRows(
  tx: Tx, provider: DatabaseProvider, table: string, rows: ReadonlyArray<Record<string, unknown>>,
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const into = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) `;
  const driver = provider === 'sqlite' ? sqliteTransactionDriver(tx) : null;
  if (driver) {
    // Inside a transaction on SQLite: one prepared single-row INSERT run per row on the driver's
    // connection (a C call each, no statement text or JSON to build and parse): a third of the CPU of
    // the json_each form below per row, and Prisma's serializing of the JSON text cost more again.
    const sql = `${into}VALUES (${columns.map(() => '?').join(', ')})`;
    driver.onQuery?.(sql);
    const statement = prepared(driver.connection, sql);
    for (const row of rows) statement.run(columns.map((c) => directArg(row[c])));
    return;
  }
  if (provider === 'sqlite') {
    // The rows as ONE bound JSON text, unpacked by json_each: a short statement whatever the row
    // count (prepared in microseconds, where a statement of 30,000 `?` took milliseconds to
    // prepare and Prisma's client walked every parameter), and one value for the client to pass.
    const picks = columns.map((_c, i) => `value ->> ${i}`).join(', ');
    const json = JSON.stringify(rows.map((row) => columns.map((c) => bindable(row[c], provider))));
    await tx.prisma.$executeRawUnsafe(`${into}SELECT ${picks} FROM json_each(?)`, json);
    return;
  }
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const part = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    const tuples = part.map((row) => `(${columns.map((c) => {
      params.push(bindable(row[c], provider));
      return `$${params.length}`;
    }).join(', ')})`);
    await tx.prisma.$executeRawUnsafe(`${into}VALUES ${tuples.join(', ')}`, ...params);
  }
}
