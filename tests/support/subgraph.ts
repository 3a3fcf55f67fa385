/**
 * Test support every subgraph's tests share: a fresh migrated database (a SQLite file in a temp
 * dir, or the empty PostgreSQL database it is given), the real subgraph on port 0 counting its SQL
 * statements, and requests signed like the gateway signs them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ANONYMOUS, CALLER_HEADER, signCaller, type Caller, type Principal } from '../../lib/caller.ts';
import { envPrefix, type SubgraphName } from '../../lib/config.ts';
import type { DatabaseProvider } from '../../lib/config.ts';
import { applyMigrations } from '../../lib/db/migrations.ts';
import type { RunningSubgraph, StartOptions } from '../../lib/subgraph.ts';

export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface GraphQLReply {
  status: number;
  body: GraphQLBody;
}

export interface FreshDatabase {
  /** The temp dir (DATA_DIR of the subgraph under test). */
  dir: string;
  /** The SQLite file in `dir` (unused on PostgreSQL). */
  file: string;
  provider: DatabaseProvider;
  url: string;
  /** Removes the temp dir. */
  remove(): void;
}

/** A fresh database with `subgraph`'s migrations applied: SQLite in a temp dir, or `postgresUrl`. */
export async function freshDatabase(subgraph: SubgraphName, opts: { postgresUrl?: string; dirPrefix?: string } = {}): Promise<FreshDatabase> {
  const dir = mkdtempSync(join(tmpdir(), opts.dirPrefix ?? `cg-${subgraph}-`));
  const file = join(dir, `${subgraph}.db`);
  const provider: DatabaseProvider = opts.postgresUrl ? 'postgresql' : 'sqlite';
  const url = opts.postgresUrl ?? `file:${file}`;
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    await applyMigrations({ subgraph, provider, url });
  } catch (err) {
    remove();
    throw err;
  }
  return { dir, file, provider, url, remove };
}

/** The `x-creditgraph-caller` header for `body` sent as `caller`. */
export function signedHeaders(caller: Caller, body: string, secret: string): Record<string, string> {
  return { [CALLER_HEADER]: signCaller(caller, body, secret) };
}

/** POSTs `body` (the exact string signed, if signed) as JSON; returns status and parsed body. */
export async function postGraphQL(url: string, body: string, headers: Record<string, string> = {}): Promise<GraphQLReply> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, body: (await res.json()) as GraphQLBody };
}

export type TestSubgraph<R extends RunningSubgraph<unknown>> = R & {
  /** Every SQL statement sent since the last `resetStatements()` (or `statements.length = 0`). */
  statements: string[];
  resetStatements(): void;
  /** The SQLite file (unused on PostgreSQL). */
  file: string;
  /** A signed call, as the gateway makes it. */
  query(query: string, variables?: Record<string, unknown>, principal?: Principal): Promise<GraphQLReply>;
  /** An arbitrary POST: unsigned or forged calls. */
  post(body: string, headers?: Record<string, string>): Promise<GraphQLReply>;
  /** Closes the subgraph and removes its temp dir. */
  close(): Promise<void>;
};

export interface TestSubgraphOptions<R> {
  subgraph: SubgraphName;
  start: (env: Record<string, string | undefined>, opts: StartOptions) => Promise<R>;
  /** CALLER_SIGNING_SECRET of the subgraph, which `query` signs with. */
  secret: string;
  /** More variables for the subgraph (they win over the defaults). */
  env?: Record<string, string>;
  now?: () => Date;
  postgresUrl?: string;
  dirPrefix?: string;
  /** `requestId` of the signed callers. */
  requestId?: string;
}

/** The real subgraph on port 0 (host 127.0.0.1) over a fresh migrated database. */
export async function startTestSubgraph<R extends RunningSubgraph<unknown>>(opts: TestSubgraphOptions<R>): Promise<TestSubgraph<R>> {
  const database = await freshDatabase(opts.subgraph, opts);
  const statements: string[] = [];
  let running: R;
  try {
    running = await opts.start(
      {
        NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: database.dir, CALLER_SIGNING_SECRET: opts.secret,
        DATABASE_PROVIDER: database.provider, [`${envPrefix(opts.subgraph)}_DATABASE_URL`]: database.url, ...opts.env,
      },
      { port: 0, host: '127.0.0.1', onQuery: (sql) => statements.push(sql), now: opts.now },
    );
  } catch (err) {
    database.remove();
    throw err;
  }
  const post = (body: string, headers: Record<string, string> = {}) => postGraphQL(running.url, body, headers);
  return {
    ...running,
    statements,
    resetStatements: () => { statements.length = 0; },
    file: database.file,
    post,
    query(query, variables = {}, principal = ANONYMOUS) {
      const body = JSON.stringify({ query, variables });
      return post(body, signedHeaders({ principal, purpose: null, requestId: opts.requestId ?? 'test' }, body, opts.secret));
    },
    async close() {
      await running.close();
      database.remove();
    },
  };
}
