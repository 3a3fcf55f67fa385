/**
 * Database URLs, parsed in this one place: `file:<path>` is SQLite (Prisma's form; the path as
 * Prisma's SQLite adapter reads it, a `?…` suffix dropped), `postgres://` or `postgresql://` is
 * PostgreSQL.
 */
import type { DatabaseProvider } from '../config.ts';

/** The URL without its password, for error messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
}

/** The provider a URL names, or null when it names none. */
export function providerOfUrl(url: string): DatabaseProvider | null {
  if (url.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgresql';
  return null;
}

/** `file:/abs/x.db`, `file:./rel.db` or `file::memory:` → the path (`:memory:` as is). */
export function sqliteFile(url: string): string {
  if (!url.startsWith('file:')) throw new Error(`a SQLite url must look like file:/abs/path.db, got "${redactUrl(url)}"`);
  return url.slice('file:'.length).split('?')[0]!;
}

/** A `postgres(ql)://` URL, checked. */
export function postgresUrl(url: string): string {
  if (providerOfUrl(url) !== 'postgresql') {
    throw new Error(`a PostgreSQL url must look like postgresql://user:password@host:port/database, got "${redactUrl(url)}"`);
  }
  return url;
}
