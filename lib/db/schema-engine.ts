// Prisma's schema engine, in WebAssembly, over driver adapters: the offline replacement for
// `prisma migrate diff` (see shared/notes/prisma-offline.md). Dev-time only (migration authoring and
// drift tests); the runtime applies migrations with lib/db/migrations.ts and needs none of this.
//
// Three adapter quirks are worked around here:
//  1. SQLite: the engine replays a whole migration file through `executeRaw`, which better-sqlite3
//     rejects for multi-statement SQL: parameter-less `executeRaw` goes to `executeScript`.
//  2. adapter-pg cannot map PostgreSQL's internal `"char"` type (OID 18) that catalog queries
//     return: the pg client reports it as text (OID 25).
//  3. adapter-pg's own shadow database is the real database when given a connection string, and is
//     dropped before its pool closes: we create and drop the shadow database ourselves.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { DiffTarget, MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import { delegate, postgresAdapter, sqliteAdapter } from './adapters.ts';
import { PgClientClass, pgClient, pgPool, type PgQueryResult } from './drivers.ts';
import type { DatabaseProvider } from '../config.ts';
import { readMigrations, schemaPath } from './migrations.ts';

type EngineModule = typeof import('@prisma/schema-engine-wasm');

export interface EngineDatabase {
  provider: DatabaseProvider;
  /** SQLite: `file:/abs/path.db` (default `file::memory:`). PostgreSQL: a role allowed to CREATE DATABASE. */
  url?: string;
}

export interface DiffOutcome {
  /** False when the two sides describe the same schema. */
  changed: boolean;
  /** The SQL that turns `from` into `to` (Prisma's own migration script). */
  script: string;
}

let engineModule: Promise<EngineModule> | undefined;

/** The slice of the WebAssembly API used here (this project's `lib` has no WebAssembly typings). */
interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: Record<string, Record<string, unknown>>): Promise<{ exports: Record<string, unknown> }>;
}

/** Instantiates the WASM module by hand: Node 20 cannot `import` a .wasm file without a flag. */
function loadEngineModule(): Promise<EngineModule> {
  engineModule ??= (async () => {
    const g = globalThis as unknown as { WebAssembly: WasmApi; PRISMA_WASM_PANIC_REGISTRY?: { message: string; set_message(m: string): void } };
    g.PRISMA_WASM_PANIC_REGISTRY ??= { message: '', set_message(m) { this.message = `RuntimeError: ${m}` } };
    const bindingsPath = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bindings = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const wasm = await g.WebAssembly.compile(readFileSync(join(dirname(bindingsPath), 'schema_engine_bg.wasm')));
    const imports: Record<string, unknown> = { ...bindings };
    // The engine arms 10 s timers it never clears (timeouts raced against queries): unref them, or
    // every script and test would wait 10 s before exiting.
    for (const name of Object.keys(imports).filter((key) => key.startsWith('__wbg_setTimeout_'))) {
      const arm = imports[name] as (...args: unknown[]) => NodeJS.Timeout;
      imports[name] = (...args: unknown[]) => arm(...args).unref();
    }
    const instance = await g.WebAssembly.instantiate(wasm, { './schema_engine_bg.js': imports });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings as unknown as EngineModule;
  })();
  return engineModule;
}

/** Quirk 1: better-sqlite3's `executeRaw` runs one statement only; the engine sends whole files. */
function scriptAwareSqlite(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return delegate(adapter, {
    executeRaw: async (query) => {
      if (query.args.length > 0) return adapter.executeRaw(query);
      await adapter.executeScript(query.sql);
      return 0;
    },
  });
}

function sqliteFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  const base = sqliteAdapter(url, ':memory:');
  return {
    provider: 'sqlite',
    adapterName: base.adapterName,
    connect: async () => scriptAwareSqlite(await base.connect()),
    connectToShadowDb: async () => scriptAwareSqlite(await base.connectToShadowDb()),
  };
}

/** Quirk 2: report PostgreSQL's internal `"char"` (OID 18) as text (OID 25), which adapter-pg maps. */
class CharAsTextClient extends PgClientClass {
  override query(...args: unknown[]): any {
    const callback = typeof args.at(-1) === 'function' ? (args.pop() as (e: unknown, r?: unknown) => void) : undefined;
    const result = (super.query as (...a: unknown[]) => any)(...args);
    if (typeof result?.then !== 'function') return result; // a Submittable (cursor, stream): untouched
    const fixed = result.then((res: PgQueryResult | PgQueryResult[]) => {
      for (const one of Array.isArray(res) ? res : [res]) {
        for (const field of one?.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
      }
      return res;
    });
    if (!callback) return fixed;
    fixed.then((res: unknown) => callback(null, res), (error: unknown) => callback(error));
    return undefined;
  }
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = pgClient(url);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

function postgresFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  const connectTo = (connectionString: string) =>
    postgresAdapter(pgPool(connectionString, { max: 2, Client: CharAsTextClient })).connect();
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => connectTo(url),
    // Quirk 3: a shadow database of our own, dropped only after its pool has closed.
    connectToShadowDb: async () => {
      const name = `prisma_shadow_${randomUUID().replaceAll('-', '')}`;
      await adminQuery(url, `CREATE DATABASE "${name}"`);
      const adapter = await connectTo(withDatabase(url, name));
      return delegate(adapter, {
        dispose: async () => {
          await adapter.dispose();
          await adminQuery(url, `DROP DATABASE IF EXISTS "${name}"`);
        },
      });
    },
  };
}

function describeEngineError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object') {
    const { message, error_code: code, meta } = error as { message?: string; error_code?: string; meta?: unknown };
    if (message) return `${code ? `${code}: ` : ''}${message}${meta ? ` ${JSON.stringify(meta)}` : ''}`;
  }
  return typeof error === 'string' ? error : JSON.stringify(error);
}

/** Remembers every connection the engine opens: `free()` does not close them (and SQLite's main
 * connection holds `locking_mode=EXCLUSIVE`, so an undisposed one locks everybody else out). */
function trackConnections(factory: SqlMigrationAwareDriverAdapterFactory) {
  const open = new Set<SqlDriverAdapter>();
  const track = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    open.add(adapter);
    return delegate(adapter, { dispose: async () => { open.delete(adapter); await adapter.dispose(); } });
  };
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => track(await factory.connect()),
    connectToShadowDb: async () => track(await factory.connectToShadowDb()),
  };
  const closeAll = async () => { for (const adapter of [...open]) { open.delete(adapter); await adapter.dispose(); } };
  return { tracked, closeAll };
}

/** Runs `fn` with a schema engine whose "main" database is `db` (shadow databases are made on demand). */
export async function withSchemaEngine<T>(db: EngineDatabase, fn: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  let factory: SqlMigrationAwareDriverAdapterFactory;
  if (db.provider === 'sqlite') factory = sqliteFactory(db.url ?? 'file::memory:');
  else if (db.url) factory = postgresFactory(db.url);
  else throw new Error('the PostgreSQL schema engine needs a database url (a role that may CREATE DATABASE), got none');
  const { tracked, closeAll } = trackConnections(factory);
  const logs: string[] = [];
  const engine = await SchemaEngine.new({ datamodels: undefined }, (line: string) => void logs.push(line), bindMigrationAwareSqlAdapterFactory(tracked));
  try {
    return await fn(engine);
  } catch (error) {
    const detail = process.env.DEBUG_SCHEMA_ENGINE ? `\nengine log:\n${logs.join('\n')}` : '';
    throw new Error(`schema engine (${db.provider}): ${describeEngineError(error)}${detail}`);
  } finally {
    engine.free();
    await closeAll();
  }
}

/** Prisma's migration_lock.toml: the engine refuses to replay a migrations directory without it. */
export function migrationLockfile(provider: DatabaseProvider): string {
  return `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`;
}

/** A migrations directory in the shape the engine reads (every migration.sql already loaded). */
export function engineMigrationList(dir: string, provider: DatabaseProvider): MigrationList {
  const lockPath = join(dir, 'migration_lock.toml');
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : migrationLockfile(provider) },
    shadowDbInitScript: '',
    migrationDirectories: readMigrations(dir).map((m) => ({
      path: m.name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: m.sql } },
    })),
  };
}

/** A Prisma schema file as a diff target (its models; the datasource only names the provider). */
export function schemaTarget(path: string): DiffTarget {
  return { tag: 'schemaDatamodel', files: [{ path, content: readFileSync(path, 'utf8') }] };
}

export async function diff(db: EngineDatabase, from: DiffTarget, to: DiffTarget): Promise<DiffOutcome> {
  const result = await withSchemaEngine(db, (engine) =>
    engine.diff({ from, to, script: true, exitCode: true, filters: { externalTables: [], externalEnums: [] } }));
  return { changed: result.exitCode === 2, script: result.stdout ?? '' };
}

/** SQL that brings "all migrations in `dir` replayed" to the subgraph's current Prisma schema. */
export function diffMigrationsToSchema(db: EngineDatabase, subgraph: string, dir: string): Promise<DiffOutcome> {
  return diff(db, { tag: 'migrations', ...engineMigrationList(dir, db.provider) }, schemaTarget(schemaPath(subgraph, db.provider)));
}

/** SQL that brings the live database at `db.url` to the subgraph's current Prisma schema (drift check).
 * The engine no longer accepts a `url` target: `schemaDatasource` means "the database the engine is
 * connected to", which here is the adapter's main connection. */
export function diffDatabaseToSchema(db: EngineDatabase & { url: string }, subgraph: string): Promise<DiffOutcome> {
  const schema = schemaPath(subgraph, db.provider);
  const live: DiffTarget = { tag: 'schemaDatasource', configDir: dirname(schema), files: [{ path: schema, content: readFileSync(schema, 'utf8') }] };
  return diff(db, live, schemaTarget(schema));
}
