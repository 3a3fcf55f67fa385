/**
 * The enterprise database client: code is typed against the SQLite client; the PostgreSQL one has
 * the same model API and is picked at start.
 */
import { openPrisma } from '../../../lib/db/client.ts';
import type { DatabaseProvider } from '../../../lib/config.ts';
import type { PrismaClient } from '../../../prisma/generated/enterprise/sqlite/client.ts';

export type Db = PrismaClient;

export function openEnterpriseDb(provider: DatabaseProvider, url: string, onQuery?: (sql: string) => void): Promise<Db> {
  return openPrisma<Db>({
    sqlite: () => import('../../../prisma/generated/enterprise/sqlite/client.ts'),
    postgresql: () => import('../../../prisma/generated/enterprise/postgresql/client.ts'),
  }, provider, url, onQuery);
}
