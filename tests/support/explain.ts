/**
 * The plan of a statement a test captured, on the database it ran on: SQLite's EXPLAIN QUERY PLAN
 * (one line per step) or PostgreSQL's EXPLAIN with sequential scans forbidden (over a handful of
 * rows a scan is cheaper than any index, so the plan would say nothing about which index serves).
 * Parameters are bound to `value(n)` (n: the 1-based PostgreSQL parameter), by default a date as
 * text, which also passes for a code and an instant.
 */
import type { DatabaseProvider } from '../../lib/config.ts';
import { openSqlite, pgClient } from '../../lib/db/drivers.ts';

export async function explainPlan(
  provider: DatabaseProvider, target: { file?: string; pgUrl?: string }, sql: string,
  value: (n: number) => unknown = () => '2026-01-01',
): Promise<string> {
  if (provider === 'sqlite') {
    const db = openSqlite(`file:${target.file}`);
    try {
      const params = Array.from(sql.matchAll(/\?/g), (_m, i) => value(i + 1));
      return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');
    } finally {
      db.close();
    }
  }
  const client = pgClient(target.pgUrl!);
  await client.connect();
  try {
    await client.query('SET enable_seqscan = off');
    const n = new Set(Array.from(sql.matchAll(/\$(\d+)/g), (m) => m[1])).size;
    const res = await client.query(`EXPLAIN ${sql}`, Array.from({ length: n }, (_v, i) => value(i + 1)));
    return res.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
  } finally {
    await client.end();
  }
}
