/**
 * The enterprise database (lib/db/client.ts): code is typed against the SQLite client; the
 * PostgreSQL one has the same model API and is picked at start.
 */
import { openDb, type ClientModules, type Db as DbOf } from '../../../lib/db/client.ts';
import type { DatabaseProvider } from '../../../lib/config.ts';
import type { Prisma, PrismaClient } from '../../../prisma/generated/enterprise/sqlite/client.ts';

export type Db = DbOf<PrismaClient>;
/** The models inside a transaction (`transaction`'s handle) or outside one (a `Db`). */
export type Tx = { readonly prisma: Prisma.TransactionClient };

export const clientModules: ClientModules<PrismaClient> = {
  sqlite: () => import('../../../prisma/generated/enterprise/sqlite/client.ts'),
  postgresql: () => import('../../../prisma/generated/enterprise/postgresql/client.ts'),
};

export function openEnterpriseDb(provider: DatabaseProvider, url: string, onQuery?: (sql: string) => void): Promise<Db> {
  return openDb(clientModules, provider, url, { onQuery });
}
