// Migrations: (a/b) for every subgraph and provider, the committed migrations applied by the runtime
// runner reproduce schema.prisma exactly (fails when a schema is edited without `npm run migrate --
// create`); (c) the runner is idempotent, atomic per migration, Prisma-compatible and refuses edited
// history; (d) the generated Prisma client works on a migrated database.
// PostgreSQL parts need local PostgreSQL binaries; without them they are skipped with a warning
// (set REQUIRE_POSTGRES=1 to make that a failure instead, e.g. in CI).
import type { DatabaseProvider } from '../lib/config.ts';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import Database from 'better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  applyMigrations, MigrationError, migrationsDir, migrationStatus, pendingMigrations, subgraphNames,
} from '../lib/db/migrations.ts';
import { diffDatabaseToSchema, engineMigrationList, withSchemaEngine } from '../lib/db/schema-engine.ts';
import { PrismaClient as SqlitePlatformClient } from '../prisma/generated/platform/sqlite/client.ts';
import { PrismaClient as PostgresPlatformClient } from '../prisma/generated/platform/postgresql/client.ts';
import { postgresAvailable, startPostgres, type PostgresInstance } from './support/postgres.ts';

const PG = postgresAvailable();
if (!PG) {
  const message = 'PostgreSQL not available (no initdb/pg_ctl in PG_BIN or /usr/lib/postgresql/*/bin): the PostgreSQL migration tests are SKIPPED';
  if (process.env.REQUIRE_POSTGRES) throw new Error(`${message}, but REQUIRE_POSTGRES is set`);
  console.warn(`\n${'!'.repeat(100)}\n!!! ${message}.\n!!! Install PostgreSQL (apt-get install postgresql) to run them.\n${'!'.repeat(100)}\n`);
}

const tmp = mkdtempSync(join(tmpdir(), 'migrations-test-'));
let server: PostgresInstance | undefined;
let databases = 0;

beforeAll(async () => {
  if (PG) server = await startPostgres();
}, 60_000);

afterAll(async () => {
  await server?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** A new, empty database. */
async function freshUrl(provider: DatabaseProvider): Promise<string> {
  const name = `db_${++databases}`;
  if (provider === 'sqlite') return `file:${join(tmp, `${name}.db`)}`;
  if (!server) throw new Error('PostgreSQL server not started');
  return server.createDatabase(name);
}

/** A private copy of a subgraph's migrations that a test may edit. */
function copyMigrations(subgraph: string, provider: DatabaseProvider): string {
  const dir = join(tmp, `migrations_${++databases}`);
  cpSync(migrationsDir(subgraph, provider), dir, { recursive: true });
  return dir;
}

function addMigration(dir: string, name: string, sql: string): void {
  mkdirSync(join(dir, name), { recursive: true });
  writeFileSync(join(dir, name, 'migration.sql'), sql);
}

function suite(provider: DatabaseProvider): void {
  describe('drift: the migrations reproduce the Prisma schema', () => {
    test.each(subgraphNames())('%s', async (subgraph) => {
      const url = await freshUrl(provider);
      const { applied } = await applyMigrations({ subgraph, provider, url });
      expect(applied.length).toBeGreaterThan(0);
      const drift = await diffDatabaseToSchema({ provider, url }, subgraph);
      // On failure this shows the SQL a new migration needs: run `npm run migrate -- create <name>`.
      expect({ subgraph, missingFromMigrations: drift.changed ? drift.script : null }).toEqual({ subgraph, missingFromMigrations: null });
    });

    test('the drift check sees a database that lacks part of the schema', async () => {
      const url = await freshUrl(provider);
      const dir = copyMigrations('platform', provider);
      addMigration(dir, '99990101000000_drop_index', 'DROP INDEX "ApiKey_institutionId_idx";');
      await applyMigrations({ subgraph: 'platform', provider, url, dir });
      const drift = await diffDatabaseToSchema({ provider, url }, 'platform');
      expect(drift.changed).toBe(true);
      expect(drift.script).toContain('CREATE INDEX "ApiKey_institutionId_idx"');
    });
  });

  describe('runner', () => {
    test('applies once, then has nothing pending; Prisma\'s engine reads its history as its own', async () => {
      const url = await freshUrl(provider);
      const target = { subgraph: 'platform', provider, url };
      const all = (await pendingMigrations(target));
      expect(all.length).toBeGreaterThan(0);
      expect(await applyMigrations(target)).toEqual({ applied: all });
      expect(await applyMigrations(target)).toEqual({ applied: [] });
      expect(await migrationStatus(target)).toEqual({ applied: all, pending: [], unknown: [] });
      const history = await withSchemaEngine({ provider, url }, (engine) => engine.diagnoseMigrationHistory({
        migrationsList: engineMigrationList(migrationsDir('platform', provider), provider),
        optInToShadowDatabase: false,
        filters: { externalTables: [], externalEnums: [] },
      }));
      expect(history).toEqual({ editedMigrationNames: [], failedMigrationNames: [], hasMigrationsTable: true, history: null });
    });

    test('applies a later migration, and refuses when an applied one was edited', async () => {
      const url = await freshUrl(provider);
      const dir = copyMigrations('platform', provider);
      const target = { subgraph: 'platform', provider, url, dir };
      await applyMigrations(target);
      addMigration(dir, '99990101000000_add_note', 'ALTER TABLE "Institution" ADD COLUMN "note" TEXT;');
      expect(await pendingMigrations(target)).toEqual(['99990101000000_add_note']);
      expect(await applyMigrations(target)).toEqual({ applied: ['99990101000000_add_note'] });

      const file = join(dir, '99990101000000_add_note', 'migration.sql');
      writeFileSync(file, readFileSync(file, 'utf8').replaceAll('\n', '\r\n')); // line endings alone: still the same migration
      expect(await pendingMigrations(target)).toEqual([]);

      writeFileSync(file, 'ALTER TABLE "Institution" ADD COLUMN "remark" TEXT;');
      await expect(applyMigrations(target)).rejects.toThrow(MigrationError);
      await expect(applyMigrations(target)).rejects.toThrow(/99990101000000_add_note was edited after it was applied: _prisma_migrations expects checksum [0-9a-f]{64}, .* has [0-9a-f]{64}/);
      await expect(pendingMigrations(target)).rejects.toThrow(/was edited after it was applied/);
    });

    test('two runners at once: one applies, the other finds nothing left to do', async () => {
      const target = { subgraph: 'platform', provider, url: await freshUrl(provider) };
      const [first, second] = await Promise.all([applyMigrations(target), applyMigrations(target)]);
      expect([first.applied, second.applied].flat()).toEqual(await migrationStatus(target).then((s) => s.applied));
    });

    test('a failing migration is rolled back whole and stays pending', async () => {
      const url = await freshUrl(provider);
      const dir = copyMigrations('platform', provider);
      const target = { subgraph: 'platform', provider, url, dir };
      await applyMigrations(target);
      addMigration(dir, '99990101000000_broken', 'CREATE TABLE "Half" ("id" TEXT PRIMARY KEY);\nALTER TABLE "NoSuchTable" ADD COLUMN "x" TEXT;');
      await expect(applyMigrations(target)).rejects.toThrow(/migration 99990101000000_broken failed and was rolled back: .*NoSuchTable/);
      expect(await pendingMigrations(target)).toEqual(['99990101000000_broken']);
      const drift = await diffDatabaseToSchema({ provider, url }, 'platform');
      expect(drift.changed).toBe(false); // no "Half" table left behind
    });

    test('says which directory it expected when a subgraph has no migrations', async () => {
      await expect(applyMigrations({ subgraph: 'nope', provider, url: await freshUrl(provider) }))
        .rejects.toThrow(`no ${provider} migrations for subgraph "nope": expected a directory at ${migrationsDir('nope', provider)}`);
    });
  });

  test('the generated Prisma client writes and reads a platform Institution', async () => {
    const url = await freshUrl(provider);
    await applyMigrations({ subgraph: 'platform', provider, url });
    // Both generated clients have the same model API; one static type keeps the calls below callable.
    const prisma = provider === 'sqlite'
      ? new SqlitePlatformClient({ adapter: new PrismaBetterSqlite3({ url }) })
      : new PostgresPlatformClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as SqlitePlatformClient;
    try {
      const createdAt = new Date('2026-01-02T03:04:05.678Z');
      await prisma.institution.create({ data: { id: 'inst-1', name: 'Municipal Audit Bureau', kind: 'GOVERNMENT', createdAt } });
      expect(await prisma.institution.findUnique({ where: { id: 'inst-1' } })).toEqual({
        id: 'inst-1', name: 'Municipal Audit Bureau', kind: 'GOVERNMENT', status: 'ACTIVE', scopes: '', createdAt,
        ratePerSecond: 100, burst: 200, dailyArchivePulls: null, monthlyArchivePulls: null, monthlyReports: null, trustedDocumentsOnly: false,
      });
    } finally {
      await prisma.$disconnect();
    }
  });
}

describe('sqlite', () => {
  suite('sqlite');

  test('a table redefinition (Prisma\'s SQLite pattern) keeps the rows that reference the table', async () => {
    const url = await freshUrl('sqlite');
    const dir = join(tmp, `migrations_${++databases}`);
    addMigration(dir, '1_init', 'CREATE TABLE "P" ("id" TEXT NOT NULL PRIMARY KEY, "n" INTEGER NOT NULL);\n' +
      'CREATE TABLE "C" ("id" TEXT NOT NULL PRIMARY KEY, "pId" TEXT NOT NULL, FOREIGN KEY ("pId") REFERENCES "P" ("id") ON DELETE CASCADE);\n' +
      'INSERT INTO "P" VALUES (\'p1\', 1);\nINSERT INTO "C" VALUES (\'c1\', \'p1\');');
    // What `migrate create` writes for a column type change: inside the runner's transaction the
    // PRAGMA lines are no-ops, so the runner itself must keep DROP TABLE "P" from cascading to "C".
    addMigration(dir, '2_redefine', 'PRAGMA defer_foreign_keys=ON;\nPRAGMA foreign_keys=OFF;\n' +
      'CREATE TABLE "new_P" ("id" TEXT NOT NULL PRIMARY KEY, "n" TEXT NOT NULL);\n' +
      'INSERT INTO "new_P" ("id", "n") SELECT "id", "n" FROM "P";\nDROP TABLE "P";\nALTER TABLE "new_P" RENAME TO "P";\n' +
      'PRAGMA foreign_keys=ON;\nPRAGMA defer_foreign_keys=OFF;');
    addMigration(dir, '3_orphan', 'DELETE FROM "P";');
    await expect(applyMigrations({ subgraph: 'fk', provider: 'sqlite', url, dir }))
      .rejects.toThrow(/3_orphan failed and was rolled back: the migration leaves 1 foreign key violation\(s\), first: C rowid 1 -> P/);
    expect(await migrationStatus({ subgraph: 'fk', provider: 'sqlite', url, dir })).toEqual({ applied: ['1_init', '2_redefine'], pending: ['3_orphan'], unknown: [] });
    const db = new Database(url.slice('file:'.length), { readonly: true });
    try {
      expect(db.prepare('SELECT "id", "pId" FROM "C"').all()).toEqual([{ id: 'c1', pId: 'p1' }]);
    } finally {
      db.close();
    }
  });
});
(PG ? describe : describe.skip)('postgresql', () => suite('postgresql'));
