/** The platform Prisma client, typed against the SQLite build (both builds share the model API). */
import type { PrismaClient } from '../../../prisma/generated/platform/sqlite/client.ts';
import type { ClientModules } from '../../../lib/db/client.ts';

export type Db = PrismaClient;

export const clientModules: ClientModules<Db> = {
  sqlite: () => import('../../../prisma/generated/platform/sqlite/client.ts'),
  postgresql: () => import('../../../prisma/generated/platform/postgresql/client.ts'),
};
