/**
 * The whole supergraph for integration tests: every subgraph and the gateway started for real on
 * port 0 from the committed schema/supergraph.graphql, over fresh databases with the deterministic
 * demo seed: SQLite files in a temp dir, or databases on the test file's throwaway PostgreSQL (the
 * `postgresql` jest project, or `provider: 'postgresql'`; see ./provider.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envPrefix, SUBGRAPHS, type DatabaseProvider, type SubgraphName } from '../../lib/config.ts';
import { createLogger } from '../../lib/logger.ts';
import { prepare } from '../../scripts/prepare.ts';
import { ensureDemo, type DemoCredentials } from '../../scripts/demo.ts';
import { startGateway, type RunningGateway } from '../../gateway/main.ts';
import { leasePostgres, testProvider } from './provider.ts';
import { starterOf } from '../../subgraphs/index.ts';
import type { StartOptions } from '../../lib/subgraph.ts';

type Env = Record<string, string | undefined>;

interface Running { url: string; close(): Promise<void> }


export interface Stack {
  url: string;
  dataDir: string;
  provider: DatabaseProvider;
  env: Env;
  credentials: DemoCredentials;
  gateway: RunningGateway;
  subgraphs: Record<SubgraphName, Running>;
  /** SQL statements each subgraph sent since the last reset. */
  sql: Record<SubgraphName, string[]>;
  resetSql(): void;
  /** POST a GraphQL request to the gateway. */
  query(query: string, opts?: { variables?: Record<string, unknown>; headers?: Record<string, string>; operationName?: string }): Promise<{ status: number; headers: Headers; body: GraphQLBody }>;
  close(): Promise<void>;
}

export interface GraphQLBody {
  data?: Record<string, any> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export interface StackOptions {
  /** Default: the jest project's (./provider.ts), or what `env.DATABASE_PROVIDER` names. */
  provider?: DatabaseProvider;
  env?: Env;
  gatewayEnv?: Env;
  enterprises?: number;
  persons?: number;
  logDestination?: NodeJS.WritableStream;
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const provider = opts.provider ?? (opts.env?.DATABASE_PROVIDER as DatabaseProvider | undefined) ?? testProvider();
  // Databases the caller did not bring are made on this test file's PostgreSQL server.
  const pg = provider === 'postgresql' && !opts.env?.PLATFORM_DATABASE_URL ? await leasePostgres(SUBGRAPHS, envPrefix) : null;
  const dataDir = mkdtempSync(join(tmpdir(), 'creditgraph-test-'));
  const prepared = await prepare({
    NODE_ENV: 'test', LOG_LEVEL: 'warn', APOLLO_TELEMETRY_DISABLED: 'true', API_KEY_CACHE_MS: '0',
    DATABASE_PROVIDER: provider, ...pg?.urls, ...opts.env, DATA_DIR: dataDir,
  });
  const demo = await ensureDemo(prepared, { enterprises: opts.enterprises ?? 60, persons: opts.persons ?? 40 });
  const logger = (name: string) => createLogger({ name, level: prepared.env.LOG_LEVEL ?? 'warn', destination: opts.logDestination as never });
  const sql = Object.fromEntries(SUBGRAPHS.map((n) => [n, [] as string[]])) as Record<SubgraphName, string[]>;
  const subgraphs = {} as Record<SubgraphName, Running>;
  const urls: Env = {};
  try {
    // The enterprise subgraph (the report desk) asks social-org and finance for parts of a report:
    // it starts after them, with their URLs; the platform (monitoring follows the enterprise change
    // log) starts last, with the enterprise's.
    const late = ['enterprise', 'platform'] as const;
    for (const name of [...SUBGRAPHS.filter((n) => !(late as readonly string[]).includes(n)), ...late]) {
      const start = await starterOf(name);
      // Finance asks the enterprise subgraph, started after it, who a reported borrower is: it reads the URL when it asks.
      const given = name === 'finance' ? { given: { enterpriseUrl: () => urls.ENTERPRISE_URL!, platformUrl: () => urls.PLATFORM_URL! } } : {};
      subgraphs[name] = await start({ ...prepared.env, ...urls }, { port: 0, logger: logger(name), onQuery: (q) => { if (!isChangeLogPoll(q)) sql[name].push(q); }, ...given } as StartOptions);
      urls[`${envPrefix(name)}_URL`] = subgraphs[name].url;
    }
  } catch (err) {
    await Promise.all(Object.values(subgraphs).map((s) => s.close()));
    throw err;
  }
  const gateway = await startGateway({ ...prepared.env, ...urls, ...opts.gatewayEnv }, { port: 0, logger: logger('gateway') });
  const stack: Stack = {
    url: gateway.url,
    dataDir,
    provider,
    env: prepared.env,
    credentials: demo.credentials,
    gateway,
    subgraphs,
    sql,
    resetSql() { for (const n of SUBGRAPHS) sql[n].length = 0; },
    async query(query, o = {}) {
      const res = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...o.headers },
        body: JSON.stringify({ query, variables: o.variables, operationName: o.operationName }),
      });
      return { status: res.status, headers: res.headers, body: (await res.json()) as GraphQLBody };
    },
    async close() {
      await gateway.close();
      await Promise.all(Object.values(subgraphs).map((s) => s.close()));
      rmSync(dataDir, { recursive: true, force: true });
      await pg?.release();
    },
  };
  return stack;
}

/**
 * The change log's followers (the gateways' response cache, monitoring) read the enterprise change
 * log in the background, whatever a test sends: those reads are left out of `sql`, which counts
 * what the test's own requests cost.
 */
const isChangeLogPoll = (sql: string) => /^SELECT .* FROM [`"]?(main|public)?[`"]?\.?[`"]?ChangeEvent[`"]? WHERE/s.test(sql);

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
export const apiKey = (key: string, purpose?: string) => ({ 'x-api-key': key, ...(purpose ? { 'x-purpose': purpose } : {}) });
