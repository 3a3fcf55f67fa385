/**
 * The person subgraph's Prisma client, typed against the generated SQLite client (the PostgreSQL
 * one has the same model API) and opened for the configured provider.
 */
import { openPrisma } from '../../../lib/db/client.ts';
import type { DatabaseProvider } from '../../../lib/config.ts';
import type { PrismaClient } from '../../../prisma/generated/person/sqlite/client.ts';

export type Db = PrismaClient;

const modules = {
  sqlite: () => import('../../../prisma/generated/person/sqlite/client.ts'),
  postgresql: () => import('../../../prisma/generated/person/postgresql/client.ts'),
};

/**
 * Opens the database. On SQLite the access log must survive a power cut once a caller was told it
 * was written: WAL with `synchronous=FULL` syncs the log at every commit (the adapter keeps one
 * connection, so the pragmas hold for every statement). PostgreSQL commits durably by default.
 */
export async function openPersonDb(provider: DatabaseProvider, url: string, onQuery?: (sql: string) => void): Promise<Db> {
  const db = await openPrisma<Db>(modules, provider, url, onQuery);
  if (provider === 'sqlite') {
    await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    await db.$executeRawUnsafe('PRAGMA synchronous = FULL');
    await db.$executeRawUnsafe('PRAGMA busy_timeout = 5000');
  }
  return db;
}

/** Readiness: one cheap round trip. */
export async function ping(db: Db): Promise<void> {
  await db.$queryRawUnsafe('SELECT 1');
}
