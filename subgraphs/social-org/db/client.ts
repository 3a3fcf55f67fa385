/** The social-org Prisma client, typed against the SQLite build (both builds share the model API). */
import type { PrismaClient } from '../../../prisma/generated/social-org/sqlite/client.ts';
import type { ClientModules } from '../../../lib/db/client.ts';

export type Db = PrismaClient;

export const clientModules: ClientModules<Db> = {
  sqlite: () => import('../../../prisma/generated/social-org/sqlite/client.ts'),
  postgresql: () => import('../../../prisma/generated/social-org/postgresql/client.ts'),
};
