/** The social-org database (lib/db/client.ts), typed against the SQLite build (both builds share the model API). */
import type { ClientModules, Db as DbOf } from '../../../lib/db/client.ts';
import type { Prisma, PrismaClient } from '../../../prisma/generated/social-org/sqlite/client.ts';

export type Db = DbOf<PrismaClient>;
/** A transaction's handle (lib/db/client.ts `transaction`). */
export type Tx = { readonly prisma: Prisma.TransactionClient };

export const clientModules: ClientModules<PrismaClient> = {
  sqlite: () => import('../../../prisma/generated/social-org/sqlite/client.ts'),
  postgresql: () => import('../../../prisma/generated/social-org/postgresql/client.ts'),
};
