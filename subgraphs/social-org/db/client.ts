/** The social-org database (lib/db/client.ts), typed against the SQLite build (both builds share the model API). */
import { openDb, type ClientModules, type Db as DbOf } from '../../../lib/db/client.ts';
import type { DatabaseProvider } from '../../../lib/config.ts';
import type { Prisma, PrismaClient } from '../../../prisma/generated/social-org/sqlite/client.ts';

export type Db = DbOf<PrismaClient>;
/** A transaction's handle (lib/db/client.ts `transaction`). */
export type Tx = { readonly prisma: Prisma.TransactionClient };

export const clientModules: ClientModules<PrismaClient> = {
  sqlite: () => import('../../../prisma/generated/social-org/sqlite/client.ts'),
  postgresql: () => import('../../../prisma/generated/social-org/postgresql/client.ts'),
};

/** Opens the social-org database outside the subgraph (the CLI's retention run). */
export function openSocialOrgDb(provider: DatabaseProvider, url: string): Promise<Db> {
  return openDb(clientModules, provider, url);
}
