/**
 * Test support: the real social-org subgraph on port 0 over a fresh, migrated temp SQLite
 * database (or the PostgreSQL database it is given), and a client that signs its calls like the
 * gateway does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ANONYMOUS, CALLER_HEADER, signCaller, type Principal } from '../../lib/caller.ts';
import { applyMigrations } from '../../lib/db/migrations.ts';
import { startSubgraph, type RunningSubgraph } from './main.ts';

export const CALLER_SECRET = 'test-caller-signing-secret-0123456789abcdef';

export interface GraphQLResponse {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface TestSubgraph extends RunningSubgraph {
  /** Every SQL statement sent since the last `resetStatements()`. */
  statements: string[];
  resetStatements(): void;
  /** A signed call, as the gateway makes it. */
  query(query: string, variables?: Record<string, unknown>, principal?: Principal): Promise<{ status: number; body: GraphQLResponse }>;
  /** An arbitrary POST: unsigned or forged calls. */
  post(body: string, headers?: Record<string, string>): Promise<{ status: number; body: GraphQLResponse }>;
}

export async function startTestSubgraph(opts: { now?: () => Date; postgresUrl?: string } = {}): Promise<TestSubgraph> {
  const dir = mkdtempSync(join(tmpdir(), 'cg-social-org-'));
  const provider = opts.postgresUrl ? 'postgresql' : 'sqlite';
  const databaseUrl = opts.postgresUrl ?? `file:${join(dir, 'social-org.db')}`;
  await applyMigrations({ subgraph: 'social-org', provider, url: databaseUrl });
  const statements: string[] = [];
  const running = await startSubgraph(
    {
      NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dir, CALLER_SIGNING_SECRET: CALLER_SECRET,
      DATABASE_PROVIDER: provider, SOCIAL_ORG_DATABASE_URL: databaseUrl,
    },
    { port: 0, onQuery: (sql) => statements.push(sql), now: opts.now },
  );
  const post = async (body: string, headers: Record<string, string> = {}) => {
    const res = await fetch(running.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: res.status, body: (await res.json()) as GraphQLResponse };
  };
  return {
    ...running,
    statements,
    resetStatements: () => { statements.length = 0; },
    post,
    query(query, variables = {}, principal = ANONYMOUS) {
      const body = JSON.stringify({ query, variables });
      return post(body, { [CALLER_HEADER]: signCaller({ principal, purpose: null, requestId: 'test' }, body, CALLER_SECRET) });
    },
    async close() {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

