/** The social-org database (lib/db/client.ts), typed against the SQLite build (both builds share the model API). */
import type { ClientModules, Db as DbOf } from '../../../lib/db/client.ts';
import type { PrismaClient } from '../../../prisma/generated/social-org/sqlite/client.ts';

export type Db = DbOf<PrismaClient>;

export const clientModules: ClientModules<PrismaClient> = {
  sqlite: () => import('../../../prisma/generated/social-org/sqlite/client.ts'),
  postgresql: () => import('../../../prisma/generated/social-org/postgresql/client.ts'),
};
