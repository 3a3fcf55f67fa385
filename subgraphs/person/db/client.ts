/**
 * The person subgraph's database (lib/db/client.ts), typed against the generated SQLite client (the
 * PostgreSQL one has the same model API) and opened for the configured provider, with the access
 * log's own connection (`writer`).
 */
import { openDb, type ClientModules, type DbWithWriter } from '../../../lib/db/client.ts';
import type { DatabaseProvider } from '../../../lib/config.ts';
import type { Prisma, PrismaClient } from '../../../prisma/generated/person/sqlite/client.ts';

export type Db = DbWithWriter<PrismaClient>;
/** The models inside a transaction (`transaction`'s handle) or outside one (a `Db`). */
export type Tx = { readonly prisma: Prisma.TransactionClient };

const modules: ClientModules<PrismaClient> = {
  sqlite: () => import('../../../prisma/generated/person/sqlite/client.ts'),
  postgresql: () => import('../../../prisma/generated/person/postgresql/client.ts'),
};

/**
 * Opens the database. The access log must survive a power cut once a caller was told it was
 * written: on SQLite every writing connection runs WAL with `synchronous=FULL` (PostgreSQL commits
 * durably by default).
 */
export function openPersonDb(provider: DatabaseProvider, url: string, onQuery?: (sql: string) => void): Promise<Db> {
  return openDb(modules, provider, url, { onQuery, writer: true, durable: true });
}
