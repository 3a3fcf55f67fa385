/** The finance Prisma client, typed against the SQLite build (both builds share the model API). */
import type { PrismaClient } from '../../../prisma/generated/finance/sqlite/client.ts';
import type { ClientModules } from '../../../lib/db/client.ts';
import { pendingMigrations, type Provider } from '../../../lib/db/migrations.ts';

export type Db = PrismaClient;

export const clientModules: ClientModules<Db> = {
  sqlite: () => import('../../../prisma/generated/finance/sqlite/client.ts'),
  postgresql: () => import('../../../prisma/generated/finance/postgresql/client.ts'),
};

/**
 * Readiness: one cheap round trip, and no migration pending. Applied migrations stay applied, so
 * the migrations check runs until it first passes.
 */
export function createReadiness(db: Db, target: { provider: Provider; url: string }): () => Promise<void> {
  let migrated = false;
  return async () => {
    await db.$queryRaw`SELECT 1`;
    if (migrated) return;
    const pending = await pendingMigrations({ subgraph: 'finance', ...target });
    if (pending.length > 0) throw new Error(`pending migrations: ${pending.join(', ')}`);
    migrated = true;
  };
}
