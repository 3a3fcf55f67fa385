/**
 * What every subgraph's `main.ts` shares: open the database, build the server over it, listen
 * (port 0 allowed) and close both in order; and the guarded `main()` that runs a subgraph from the
 * command line (`tsx subgraphs/<name>/main.ts`) with a graceful stop on SIGINT/SIGTERM.
 *
 * A subgraph's `startSubgraph(env, opts)` is `startSubgraphService(env, opts, { name, loadConfig,
 * openDb, createServer })`.
 */
import { mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { loadSubgraphConfig, type DatabaseProvider, type SubgraphConfig, type SubgraphName } from './config.ts';
import { openDb, type ClientModules, type Db, type PrismaLike } from './db/client.ts';
import { createLogger, type Logger } from './logger.ts';

export interface StartOptions {
  port?: number;
  host?: string;
  logger?: Logger;
  /** Every SQL statement sent to the database (tests count them). */
  onQuery?: (sql: string) => void;
}

export interface ClockOption {
  /** The clock: "today" in China Standard Time, deadlines and time stamps (tests move it). */
  now?: () => Date;
}

export interface RunningSubgraph<D> {
  url: string;
  app: FastifyInstance;
  db: D;
  close(): Promise<void>;
}

/** The settings `startSubgraphService` reads; every subgraph's config has them. */
export interface ServiceConfig {
  provider: DatabaseProvider;
  dataDir: string;
  databaseUrl: string;
  host: string;
  port: number;
  logLevel: string;
}

export interface SubgraphService<Cfg extends ServiceConfig, D> {
  name: string;
  /** Reads and checks the environment (throws ConfigError listing every bad key). */
  loadConfig(env: Record<string, string | undefined>): Cfg;
  openDb(config: Cfg, onQuery?: (sql: string) => void): Promise<D>;
  /**
   * Builds the server over the open database. Work the server needs first (reading a calendar or
   * a key file) goes here: a throw stops the start and closes the database.
   */
  createServer(deps: { db: D; logger: Logger; config: NoInfer<Cfg> }): FastifyInstance | Promise<FastifyInstance>;
}

/**
 * The service of a subgraph with only the shared settings (`loadSubgraphConfig`) and a database
 * without a writer.
 */
export function sharedConfigService<P extends PrismaLike>(
  name: SubgraphName,
  clientModules: ClientModules<P>,
  createServer: SubgraphService<Readonly<SubgraphConfig>, Db<P>>['createServer'],
): SubgraphService<Readonly<SubgraphConfig>, Db<P>> {
  return {
    name,
    loadConfig: (env) => loadSubgraphConfig(name, env),
    openDb: (config, onQuery) => openDb(clientModules, config.provider, config.databaseUrl, { onQuery }),
    createServer,
  };
}

/**
 * Loads the config, opens the database (creating DATA_DIR first on SQLite), builds the server and
 * listens on `opts.port ?? config.port` (0: any free port). A failed start closes the server
 * (flushing what it buffers) and the database before it throws; `close()` does the same, in that
 * order.
 */
export async function startSubgraphService<Cfg extends ServiceConfig, D extends { close(): Promise<void> }>(
  env: Record<string, string | undefined>,
  opts: StartOptions,
  service: SubgraphService<Cfg, D>,
): Promise<RunningSubgraph<D>> {
  const config = service.loadConfig(env);
  const logger = opts.logger ?? createLogger({ name: service.name, level: config.logLevel });
  if (config.provider === 'sqlite') mkdirSync(config.dataDir, { recursive: true });
  const db = await service.openDb(config, opts.onQuery);
  const host = opts.host ?? config.host;
  let app: FastifyInstance | undefined;
  try {
    app = await service.createServer({ db, logger, config });
    await app.listen({ port: opts.port ?? config.port, host });
  } catch (err) {
    await app?.close().catch(() => {});
    await db.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port ?? config.port;
  const running = app;
  return {
    url: `http://${host}:${port}/graphql`,
    app: running,
    db,
    async close() {
      await running.close();
      await db.close();
    },
  };
}

/**
 * Runs `start(process.env)` when `moduleUrl` (the caller's `import.meta.url`) is the file node was
 * started with, and nothing when the module is imported. SIGINT and SIGTERM close the subgraph
 * gracefully; a failed start or close exits 1.
 */
export function runWhenMain(
  moduleUrl: string,
  name: string,
  start: (env: Record<string, string | undefined>) => Promise<RunningSubgraph<unknown>>,
): void {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  async function main(): Promise<void> {
    const running = await start(process.env);
    running.app.log.info({ url: running.url }, `${name} subgraph listening`);
    const stop = (signal: string) => {
      running.app.log.info({ signal }, 'shutting down');
      running.close().then(() => process.exit(0), (err: unknown) => { console.error(err); process.exit(1); });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  }
  main().catch((err) => { console.error(err); process.exit(1); });
}
