/** The finance Prisma client, typed against the SQLite build (both builds share the model API). */
import type { PrismaClient } from '../../../prisma/generated/finance/sqlite/client.ts';
import type { ClientModules } from '../../../lib/db/client.ts';

export type Db = PrismaClient;

export const clientModules: ClientModules<Db> = {
  sqlite: () => import('../../../prisma/generated/finance/sqlite/client.ts'),
  postgresql: () => import('../../../prisma/generated/finance/postgresql/client.ts'),
};
