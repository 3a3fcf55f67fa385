/** The finance database (lib/db/client.ts), typed against the SQLite build (both builds share the model API). */
import type { ClientModules, Db as DbOf } from '../../../lib/db/client.ts';
import type { Prisma, PrismaClient } from '../../../prisma/generated/finance/sqlite/client.ts';

export type Db = DbOf<PrismaClient>;

export const clientModules: ClientModules<PrismaClient> = {
  sqlite: () => import('../../../prisma/generated/finance/sqlite/client.ts'),
  postgresql: () => import('../../../prisma/generated/finance/postgresql/client.ts'),
};

/** A transaction's client, in the same `{ prisma }` shape (`transaction(db, (tx) => …)`). */
export type Tx = { readonly prisma: Prisma.TransactionClient };
