/** The platform database (lib/db/client.ts), typed against the SQLite build (both builds share the model API). */
import type { ClientModules, Db as DbOf } from '../../../lib/db/client.ts';
import type { Prisma, PrismaClient } from '../../../prisma/generated/platform/sqlite/client.ts';

export type Db = DbOf<PrismaClient>;
/** The models inside a transaction (`transaction`'s handle) or outside one (a `Db`). */
export type Tx = { readonly prisma: Prisma.TransactionClient };

export const clientModules: ClientModules<PrismaClient> = {
  sqlite: () => import('../../../prisma/generated/platform/sqlite/client.ts'),
  postgresql: () => import('../../../prisma/generated/platform/postgresql/client.ts'),
};
