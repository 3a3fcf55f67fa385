/**
 * A subgraph's readiness (`/readyz`): its database answers a cheap round trip, and no migration is
 * pending. Applied migrations stay applied, so the migrations check runs until it first passes.
 */
import { ping, type Db, type PrismaLike } from './client.ts';
import { pendingMigrations, type MigrationTarget } from './migrations.ts';

/** Throws while a migration of `target` is pending; once none is, passes without looking again. */
export function migrationsApplied(target: MigrationTarget): () => Promise<void> {
  let migrated = false;
  return async () => {
    if (migrated) return;
    const pending = await pendingMigrations(target);
    if (pending.length > 0) throw new Error(`pending migrations: ${pending.join(', ')}`);
    migrated = true;
  };
}

/** One round trip to `db`, then `migrationsApplied(target)`. */
export function createReadiness(db: Db<PrismaLike>, target: MigrationTarget): () => Promise<void> {
  const migrations = migrationsApplied(target);
  return async () => {
    await ping(db);
    await migrations();
  };
}
