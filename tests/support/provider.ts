/**
 * Which database the gateway-level integration suite runs on. The suite is one set of files run
 * twice by jest (jest.config.js: project `sqlite` runs every test, project `postgresql` runs the
 * gateway-level files again), and the project says which database through the jest global
 * `CREDITGRAPH_TEST_PROVIDER`. `startStack()` reads it here: a test file never names a provider.
 */
import type { DatabaseProvider } from '../../lib/config.ts';
import { startPostgres, type PostgresInstance } from './postgres.ts';

export function testProvider(): DatabaseProvider {
  const p = (globalThis as { CREDITGRAPH_TEST_PROVIDER?: unknown }).CREDITGRAPH_TEST_PROVIDER;
  return p === 'postgresql' ? 'postgresql' : 'sqlite';
}

/**
 * One set of databases per stack on the test file's PostgreSQL (./postgres.ts: under `npm test`, the
 * run's shared server), released with the file's last stack.
 */
let shared: { server: Promise<PostgresInstance>; users: number; databases: number } | null = null;

export interface PostgresLease {
  /** `<NAME>_DATABASE_URL` of every subgraph, each a new empty database on the shared server. */
  urls: Record<string, string>;
  release(): Promise<void>;
}

export async function leasePostgres(subgraphs: readonly string[], envName: (name: string) => string): Promise<PostgresLease> {
  shared ??= { server: startPostgres(), users: 0, databases: 0 };
  const mine = shared;
  mine.users++;
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    if (--mine.users > 0) return;
    if (shared === mine) shared = null;
    await (await mine.server).stop();
  };
  try {
    const pg = await mine.server;
    const n = ++mine.databases;
    const urls: Record<string, string> = {};
    for (const name of subgraphs) urls[`${envName(name)}_DATABASE_URL`] = await pg.createDatabase(`cg${n}_${name.replace(/-/g, '_')}`);
    return { urls, release };
  } catch (err) {
    await release().catch(() => undefined);
    throw err;
  }
}
