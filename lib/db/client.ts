/**
 * Opens a subgraph's Prisma client over the configured driver adapter. Each subgraph has two
 * generated clients (SQLite, PostgreSQL) with the same model API; code is typed against the SQLite
 * one and the provider is picked at start.
 */
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type { DatabaseProvider } from '../config.ts';
import { attachReader, openReader } from './reader.ts';

type ClientCtor<C> = new (opts: { adapter: unknown; log?: unknown }) => C;

export interface ClientModules<C> {
  sqlite: () => Promise<{ PrismaClient: unknown }>;
  postgresql: () => Promise<{ PrismaClient: unknown }>;
  _client?: C;
}

/** Every SQL statement Prisma sends goes through `onQuery` (tests count them). */
export async function openPrisma<C>(
  modules: ClientModules<C>,
  provider: DatabaseProvider,
  url: string,
  onQuery?: (sql: string) => void,
): Promise<C> {
  const mod = await modules[provider]();
  const Ctor = mod.PrismaClient as ClientCtor<C>;
  const adapter = provider === 'sqlite'
    ? new PrismaBetterSqlite3({ url })
    : new PrismaPg({ connectionString: url, max: 10 });
  const client = new Ctor({ adapter, log: onQuery ? [{ emit: 'event', level: 'query' }] : undefined });
  if (onQuery) {
    (client as unknown as { $on(ev: 'query', cb: (e: { query: string }) => void): void }).$on('query', (e) => onQuery(e.query));
  }
  // The hot reads' own connection (reader.ts), closed with the client.
  const reader = openReader(provider, url, onQuery);
  attachReader(client as object, reader);
  const c = client as unknown as { $disconnect(): Promise<void> };
  const disconnect = c.$disconnect.bind(client);
  c.$disconnect = async () => { await reader.close(); await disconnect(); };
  return client;
}

/** A unique index refused the write (Prisma P2002): a concurrent request got there first. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'P2002';
}
