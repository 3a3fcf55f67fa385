/**
 * The throwaway PostgreSQL of the tests and the bench: by default nothing of it outlives stop();
 * kept in a directory (the bench's `--pg-data`), its databases survive a stop and a new start.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { postgresAvailable, startPostgres, startPostgresServer } from './postgres.ts';

const maybe = postgresAvailable() ? describe : describe.skip;

async function one<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

maybe('a PostgreSQL server for tests and the bench', () => {
  const parent = mkdtempSync(join(tmpdir(), 'cg-pg-keep-'));
  // The server runs as `postgres` when we are root: it must be able to reach the directory.
  chmodSync(parent, 0o755);
  const kept = join(parent, 'server');
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it('kept in a directory, keeps its databases across a stop and a new start, with the settings asked for', async () => {
    const first = await startPostgres({ keepIn: kept });
    const url = await first.createDatabase('kept');
    await one(url, 'CREATE TABLE t (n int); INSERT INTO t VALUES (42)');
    await first.stop();
    expect(existsSync(join(kept, 'data', 'PG_VERSION'))).toBe(true);

    const again = await startPostgres({ keepIn: kept, settings: { shared_buffers: '64MB' } });
    try {
      expect(await one(again.url('kept'), 'SELECT n FROM t')).toEqual([{ n: 42 }]);
      expect(await one(again.url('kept'), 'SHOW shared_buffers')).toEqual([{ shared_buffers: '64MB' }]);
    } finally {
      await again.stop();
    }
  }, 120_000);

  it('by default, removes everything on stop', async () => {
    const server = await startPostgres();
    const url = await server.createDatabase('gone');
    expect(await one(url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await server.stop();
    await expect(one(url, 'SELECT 1')).rejects.toThrow();
  }, 120_000);

  it('under npm test, gives each caller databases of its own on the run\'s one server, dropped on its stop', async () => {
    // The run's server (tests/support/global-setup.mjs), or one standing in for it when jest was started without it.
    const own = process.env.CREDITGRAPH_TEST_PG_PORT ? null : await startPostgresServer();
    if (own) process.env.CREDITGRAPH_TEST_PG_PORT = String(own.port);
    try {
      const [a, b] = [await startPostgres(), await startPostgres()];
      const [urlA, urlB] = [await a.createDatabase('same'), await b.createDatabase('same')];
      expect(urlA).not.toBe(urlB);
      expect(new URL(urlA).port).toBe(new URL(urlB).port);
      await one(urlA, 'CREATE TABLE t (n int)');
      expect(await one(urlB, "SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 't'")).toEqual([{ n: 0 }]);
      await a.stop();
      await expect(one(urlA, 'SELECT 1')).rejects.toThrow(/does not exist/);
      expect(await one(urlB, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
      await b.stop();
    } finally {
      if (own) { delete process.env.CREDITGRAPH_TEST_PG_PORT; await own.stop(); }
    }
  }, 120_000);
});

