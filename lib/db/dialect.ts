/**
 * What differs between the two databases, in one place. Hand-written SQL here is written once in
 * PostgreSQL's syntax (`$1`, `= ANY($1)`, `NULLS LAST`) and translated for SQLite; values cross
 * each driver in the form Prisma's own adapters use, so rows read or written by hand are the rows
 * Prisma reads and writes:
 *
 * | | SQLite (better-sqlite3) | PostgreSQL (pg) |
 * |---|---|---|
 * | parameters | positional `?` | `$n` |
 * | a key list | `IN (SELECT value FROM json_each(?))`, the list as JSON | `= ANY($n)`, an array |
 * | Boolean | INTEGER 0/1 | boolean |
 * | DateTime | ISO 8601 text, `+00:00` | TIMESTAMP(3) in UTC, no zone |
 */
import type { DatabaseProvider } from '../config.ts';

export interface SqliteForm {
  sql: string;
  /** The 0-based index in the PostgreSQL parameters of each `?`, in order. */
  order: number[];
}

/** PostgreSQL syntax → SQLite: `= ANY($n)` lists via json_each, `$n` → positional `?`. */
export function toSqlite(text: string): SqliteForm {
  const order: number[] = [];
  const sql = text
    .replace(/=\s*ANY\s*\(\s*\$(\d+)\s*\)/g, (_m, n: string) => `IN (SELECT value FROM json_each($${n}))`)
    .replace(/\$(\d+)/g, (_m, n: string) => { order.push(Number(n) - 1); return '?'; });
  return { sql, order };
}

/** A parameter as better-sqlite3 binds it: a key list as JSON (for json_each), a Boolean as 0/1. */
export function sqliteArg(v: unknown): unknown {
  return Array.isArray(v) ? JSON.stringify(v) : typeof v === 'boolean' ? Number(v) : v;
}

/** SQLite rows → what Prisma returns: `booleans` from 0/1, `dates` from ISO text (in place). */
export function fromSqliteRows(rows: Record<string, unknown>[], booleans: readonly string[], dates: readonly string[]): void {
  if (booleans.length) {
    for (const row of rows) for (const b of booleans) if (b in row && row[b] !== null) row[b] = row[b] === 1;
  }
  if (dates.length) {
    for (const row of rows) for (const d of dates) if (typeof row[d] === 'string' || typeof row[d] === 'number') row[d] = new Date(row[d] as string);
  }
}

/** A DateTime as Prisma stores it (SQLite: ISO text with `+00:00`; PostgreSQL: UTC without zone). */
export function storedDateTime(provider: DatabaseProvider, d: Date): string {
  return provider === 'sqlite' ? d.toISOString().replace('Z', '+00:00') : d.toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * PostgreSQL TIMESTAMP text → the instant: Prisma keeps DateTime as TIMESTAMP(3) in UTC, where
 * pg's default parser would read it in the process's zone.
 */
export const pgUtcTimestamp = (v: string): Date => new Date(`${v.replace(' ', 'T')}Z`);

/**
 * SQL for the China Standard Time month (`YYYY-MM`) of a DateTime column as Prisma stores it
 * (statistics, issue 16): SQLite reads the ISO text with its offset; PostgreSQL's is UTC.
 */
export function cstMonthSql(provider: DatabaseProvider, column: string): string {
  return provider === 'sqlite' ? `strftime('%Y-%m', ${column}, '+8 hours')` : `to_char(${column} + interval '8 hours', 'YYYY-MM')`;
}

/** SQL for the days (fractional) from one DateTime column to another, as Prisma stores them. */
export function daysBetweenSql(provider: DatabaseProvider, from: string, to: string): string {
  return provider === 'sqlite' ? `(julianday(${to}) - julianday(${from}))` : `(EXTRACT(EPOCH FROM (${to} - ${from})) / 86400.0)`;
}
