// Runtime migration runner over the plain drivers (better-sqlite3, pg); no schema engine needed.
// Applies prisma/<subgraph>/migrations/<provider>/<timestamp>_<name>/migration.sql in name order,
// each in its own transaction, and records it in a `_prisma_migrations` table that Prisma's own
// tools read as theirs (same DDL, same checksum: sha256 hex of the file).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openMigrationDb, sqliteFileMissing, type AppliedRow } from './migration-db.ts';

import type { DatabaseProvider } from '../config.ts';

export interface MigrationTarget {
  subgraph: string;
  provider: DatabaseProvider;
  /** SQLite: `file:/abs/path.db`. PostgreSQL: a connection string. */
  url: string;
  /** Migrations directory; defaults to prisma/<subgraph>/migrations/<provider>. */
  dir?: string;
}

export interface MigrationFile {
  /** Directory name, e.g. `20260101000000_init`; migrations apply in this name's order. */
  name: string;
  sql: string;
  /** sha256 hex of migration.sql, as Prisma computes it. */
  checksum: string;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  /** Recorded in the database but absent from the directory (the database is ahead of this code). */
  unknown: string[];
}

/** A migration history the runner refuses to touch, or a migration that failed (and was rolled back). */
export class MigrationError extends Error {
  override name = 'MigrationError';
}

export const PRISMA_DIR = fileURLToPath(new URL('../../prisma/', import.meta.url));

export function schemaPath(subgraph: string, provider: DatabaseProvider): string {
  return join(PRISMA_DIR, subgraph, provider === 'sqlite' ? 'schema.prisma' : 'postgresql.prisma');
}

export function migrationsDir(subgraph: string, provider: DatabaseProvider): string {
  return join(PRISMA_DIR, subgraph, 'migrations', provider);
}

/** The subgraphs that own a database: every prisma/<name>/ holding a schema.prisma. */
export function subgraphNames(): string[] {
  return readdirSync(PRISMA_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(PRISMA_DIR, entry.name, 'schema.prisma')))
    .map((entry) => entry.name)
    .sort();
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Every migration in `dir`, in apply order; [] when the directory does not exist yet. */
export function readMigrations(dir: string): MigrationFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = join(dir, name, 'migration.sql');
      if (!existsSync(file)) throw new MigrationError(`migration folder ${join(dir, name)} has no migration.sql`);
      const sql = readFileSync(file, 'utf8');
      return { name, sql, checksum: sha256(sql) };
    });
}

/** Like Prisma: a file whose line endings alone changed (a Windows checkout) still matches. */
function checksumMatches(file: MigrationFile, recorded: string): boolean {
  return recorded === file.checksum ||
    recorded === sha256(file.sql.replaceAll('\r\n', '\n')) ||
    recorded === sha256(file.sql.replaceAll('\r\n', '\n').replaceAll('\n', '\r\n'));
}

function loadTarget(target: MigrationTarget): { dir: string; files: MigrationFile[] } {
  const dir = target.dir ?? migrationsDir(target.subgraph, target.provider);
  if (!existsSync(dir)) {
    throw new MigrationError(`no ${target.provider} migrations for subgraph "${target.subgraph}": expected a directory at ${dir}`);
  }
  return { dir, files: readMigrations(dir) };
}

/** Compares the recorded history with the files; throws on what must be fixed by a human. */
function compare(target: MigrationTarget, dir: string, files: MigrationFile[], rows: AppliedRow[]): MigrationStatus {
  const live = rows.filter((row) => row.rolled_back_at === null);
  const failed = live.find((row) => row.finished_at === null);
  if (failed) {
    throw new MigrationError(`${target.subgraph} (${target.provider}): migration ${failed.migration_name} is recorded as started but ` +
      'not finished in _prisma_migrations; repair the database by hand, then set rolled_back_at on that row');
  }
  const done = new Map(live.map((row) => [row.migration_name, row.checksum]));
  for (const file of files) {
    const recorded = done.get(file.name);
    if (recorded !== undefined && !checksumMatches(file, recorded)) {
      throw new MigrationError(`${target.subgraph} (${target.provider}): migration ${file.name} was edited after it was applied: ` +
        `_prisma_migrations expects checksum ${recorded}, ${join(dir, file.name, 'migration.sql')} has ${file.checksum}. ` +
        'Restore the file and put the change in a new migration.');
    }
  }
  const names = new Set(files.map((file) => file.name));
  return {
    applied: files.filter((file) => done.has(file.name)).map((file) => file.name),
    pending: files.filter((file) => !done.has(file.name)).map((file) => file.name),
    unknown: [...done.keys()].filter((name) => !names.has(name)),
  };
}

/** Where the database stands relative to the migrations directory (read-only). */
export async function migrationStatus(target: MigrationTarget): Promise<MigrationStatus> {
  const { dir, files } = loadTarget(target);
  if (sqliteFileMissing(target.provider, target.url)) return compare(target, dir, files, []);
  const db = await openMigrationDb(target.provider, target.url);
  try {
    return compare(target, dir, files, await db.rows());
  } finally {
    await db.close();
  }
}

/** Names of the migrations not yet applied (for readiness checks: ready when empty). */
export async function pendingMigrations(target: MigrationTarget): Promise<string[]> {
  return (await migrationStatus(target)).pending;
}

/** Applies every pending migration, each in its own transaction. Idempotent; safe to run concurrently. */
export async function applyMigrations(target: MigrationTarget): Promise<{ applied: string[] }> {
  const { dir, files } = loadTarget(target);
  const db = await openMigrationDb(target.provider, target.url);
  const applied: string[] = [];
  try {
    const { pending } = compare(target, dir, files, await db.rows());
    if (pending.length === 0) return { applied };
    await db.withLock(async () => {
      await db.ensureTable();
      for (const file of files.filter((f) => pending.includes(f.name))) {
        await db.transaction(async (tx) => {
          // Re-read under the lock: another process may have applied it meanwhile.
          if (!compare(target, dir, files, await tx.rows()).pending.includes(file.name)) return;
          const startedAt = new Date();
          try {
            await tx.runScript(file.sql);
          } catch (error) {
            throw new MigrationError(`${target.subgraph} (${target.provider}): migration ${file.name} failed and was rolled back: ` +
              `${(error as Error).message}\n  file: ${join(dir, file.name, 'migration.sql')}`);
          }
          await tx.record({ name: file.name, checksum: file.checksum, startedAt });
          applied.push(file.name);
        });
      }
    });
    return { applied };
  } finally {
    await db.close();
  }
}
