/**
 * `npm run migrate -- <command>`: migrations for every subgraph database, offline.
 *
 *   create <name> [--subgraph X] [--pg-url URL] [--allow-empty]
 *       Diffs "migrations so far, replayed" against the Prisma schema with the WASM schema engine and
 *       writes prisma/<X>/migrations/{sqlite,postgresql}/<timestamp>_<name>/migration.sql. The
 *       PostgreSQL diff needs a server: --pg-url (a role that may CREATE DATABASE) or a throwaway
 *       one started from the local PostgreSQL binaries.
 *   check [--subgraph X] [--pg-url URL]
 *       Exit 2 when a schema.prisma changed without a migration (drift).
 *   status --url [subgraph=]URL ... [--subgraph X]     Lists pending migrations (exit 1 if any).
 *   deploy --url [subgraph=]URL ... [--subgraph X]     Applies pending migrations.
 *       URL: file:/abs/path.db (SQLite) or postgresql://... ; repeat --url once per subgraph.
 */
import type { DatabaseProvider } from '../lib/config.ts';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  applyMigrations, migrationStatus, migrationsDir, readMigrations, subgraphNames, type MigrationTarget,
} from '../lib/db/migrations.ts';
import { providerOfUrl, redactUrl } from '../lib/db/url.ts';
import { diffMigrationsToSchema, migrationLockfile } from '../lib/db/schema-engine.ts';
import { postgresAvailable, startPostgres, type PostgresInstance } from '../tests/support/postgres.ts';

const PROVIDERS: DatabaseProvider[] = ['sqlite', 'postgresql'];

class UsageError extends Error {}

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    subgraph: { type: 'string' },
    url: { type: 'string', multiple: true },
    'pg-url': { type: 'string' },
    'allow-empty': { type: 'boolean' },
  },
});
const [command, ...args] = positionals;

function selectedSubgraphs(): string[] {
  const all = subgraphNames();
  if (!opts.subgraph) return all;
  if (!all.includes(opts.subgraph)) throw new UsageError(`--subgraph must be one of ${all.join(', ')}, got "${opts.subgraph}"`);
  return [opts.subgraph];
}

function providerOf(url: string): DatabaseProvider {
  const provider = providerOfUrl(url);
  if (provider) return provider;
  throw new UsageError(`a database url must start with file: (SQLite) or postgresql:// , got "${redactUrl(url)}"`);
}

/** `--url platform=file:/x.db --url postgresql://...` (a bare url needs --subgraph). */
function targets(): MigrationTarget[] {
  const known = subgraphNames();
  const urls = opts.url ?? [];
  if (urls.length === 0) throw new UsageError('expected at least one --url [subgraph=]URL');
  return urls.map((arg) => {
    const match = /^([a-z][a-z0-9-]*)=(.*)$/.exec(arg);
    const subgraph = match && known.includes(match[1]) ? match[1] : opts.subgraph;
    const url = match && known.includes(match[1]) ? match[2] : arg;
    if (!subgraph) throw new UsageError(`--url ${redactUrl(arg)}: name its subgraph (--url <subgraph>=URL) or pass --subgraph`);
    return { subgraph, provider: providerOf(url), url };
  }).filter((target) => !opts.subgraph || target.subgraph === opts.subgraph);
}

/** A PostgreSQL to diff against: --pg-url, else a throwaway server started (once) on demand. */
function postgresForDiffs(): { url(): Promise<string>; stop(): Promise<void> } {
  let server: Promise<PostgresInstance> | undefined;
  return {
    async url() {
      if (opts['pg-url']) return opts['pg-url'];
      if (!postgresAvailable()) {
        throw new UsageError('PostgreSQL diffs need a server: pass --pg-url, or install PostgreSQL (apt-get install postgresql) or set PG_BIN');
      }
      server ??= startPostgres();
      return (await server).url('postgres');
    },
    async stop() { if (server) await (await server).stop(); },
  };
}

function timestamp(after: string[]): string {
  const format = (date: Date) => date.toISOString().replace(/\D/g, '').slice(0, 14);
  let date = new Date();
  const latest = after.map((name) => name.slice(0, 14)).sort().at(-1) ?? '';
  while (format(date) <= latest) date = new Date(date.getTime() + 1000);
  return format(date);
}

async function create(name: string | undefined, pg: ReturnType<typeof postgresForDiffs>): Promise<void> {
  const slug = (name ?? '').replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 200);
  if (!slug) throw new UsageError('usage: npm run migrate -- create <name> [--subgraph X]');
  const subgraphs = selectedSubgraphs();
  const existing = subgraphs.flatMap((s) => PROVIDERS.flatMap((p) => readMigrations(migrationsDir(s, p)).map((m) => m.name)));
  const folder = `${timestamp(existing)}_${slug}`;
  for (const subgraph of subgraphs) {
    const diffs = await Promise.all(PROVIDERS.map(async (provider) =>
      diffMigrationsToSchema({ provider, url: provider === 'postgresql' ? await pg.url() : undefined }, subgraph, migrationsDir(subgraph, provider))));
    if (diffs[0].changed !== diffs[1].changed) {
      throw new Error(`${subgraph}: the SQLite diff ${diffs[0].changed ? 'has' : 'has no'} changes but the PostgreSQL diff ` +
        `${diffs[1].changed ? 'has' : 'has none'}: is prisma/${subgraph}/postgresql.prisma stale? Run \`npm run generate\``);
    }
    if (!diffs[0].changed && !opts['allow-empty']) {
      console.log(`${subgraph}: no schema changes, no migration written`);
      continue;
    }
    PROVIDERS.forEach((provider, i) => {
      const dir = migrationsDir(subgraph, provider);
      mkdirSync(join(dir, folder), { recursive: true });
      writeFileSync(join(dir, folder, 'migration.sql'), diffs[i].script);
      if (!existsSync(join(dir, 'migration_lock.toml'))) writeFileSync(join(dir, 'migration_lock.toml'), migrationLockfile(provider));
      console.log(`${subgraph}: wrote ${join(dir, folder, 'migration.sql')}`);
    });
  }
}

/** Returns the number of subgraph/provider pairs whose migrations do not reproduce the schema. */
async function check(pg: ReturnType<typeof postgresForDiffs>): Promise<number> {
  let drifted = 0;
  const providers = opts['pg-url'] || postgresAvailable() ? PROVIDERS : (['sqlite'] as DatabaseProvider[]);
  if (providers.length === 1) console.warn('PostgreSQL not available (no --pg-url, no local binaries): checking SQLite only');
  for (const subgraph of selectedSubgraphs()) {
    for (const provider of providers) {
      const url = provider === 'postgresql' ? await pg.url() : undefined;
      const diff = await diffMigrationsToSchema({ provider, url }, subgraph, migrationsDir(subgraph, provider));
      if (!diff.changed) continue;
      drifted++;
      console.error(`${subgraph} (${provider}): schema changed without a migration; run \`npm run migrate -- create <name>\`. Missing:\n${diff.script}`);
    }
  }
  if (drifted === 0) console.log('migrations match every schema');
  return drifted;
}

async function main(): Promise<number> {
  const pg = postgresForDiffs();
  try {
    switch (command) {
      case 'create':
        await create(args[0], pg);
        return 0;
      case 'check':
        return (await check(pg)) > 0 ? 2 : 0;
      case 'status': {
        let behind = 0;
        for (const target of targets()) {
          const { applied, pending, unknown } = await migrationStatus(target);
          behind += pending.length;
          console.log(`${target.subgraph} (${target.provider}): ${applied.length} applied, ${pending.length} pending${pending.map((n) => `\n  pending ${n}`).join('')}` +
            unknown.map((n) => `\n  in the database only: ${n}`).join(''));
        }
        return behind > 0 ? 1 : 0;
      }
      case 'deploy':
        for (const target of targets()) {
          const { applied } = await applyMigrations(target);
          console.log(`${target.subgraph} (${target.provider}): ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);
        }
        return 0;
      default:
        throw new UsageError(`expected a command: create <name> | check | status | deploy, got "${command ?? ''}"`);
    }
  } finally {
    await pg.stop();
  }
}

main().then((code) => { process.exitCode = code; }, (error: Error) => {
  console.error(error instanceof UsageError ? error.message : `migrate ${command}: ${error.message}`);
  process.exitCode = error instanceof UsageError ? 64 : 1;
});
