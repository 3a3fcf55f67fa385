/**
 * One shape of subgraph. A subgraph is its schema (`schema/<name>.graphql`), its resolvers, its
 * loaders, its rules and its database; `defineSubgraph` turns those into a service every subgraph
 * starts, serves and stops the same way:
 *
 *   export const subgraph = defineSubgraph({ name, resolvers, openDb, context });
 *   export const startSubgraph = subgraph.start;
 *   runWhenMain(import.meta.url, subgraph);
 *
 * `start(env, opts)` loads the config, opens the database (creating DATA_DIR first on SQLite),
 * builds the server (`createServer`, no I/O but what `setup` reads) and listens (port 0 allowed);
 * `close()` closes the server (flushing what it buffers) and then the database.
 *
 * Every context has the same clock: `now()` is the request's instant, read once when the request
 * starts so that every time stamp one request writes is the same, and `today` its calendar date in
 * China Standard Time.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { isMainModule } from './main-module.ts';
import type { FastifyInstance } from 'fastify';
import type { Caller } from './caller.ts';
import { loadSubgraphConfig, type SubgraphConfig, type SubgraphName } from './config.ts';
import { openDb, type ClientModules, type Db, type PrismaLike } from './db/client.ts';
import { createReadiness } from './db/readiness.ts';
import { createLogger, type Logger } from './logger.ts';
import type { Context as TraceContext, Tracer } from '@opentelemetry/api';
import type { Registry } from 'prom-client';
import { listenMetrics } from './observability/metrics.ts';
import { createSubgraphObservability, tracedResolvers } from './observability/subgraph.ts';
import { createSubgraphServer } from './subgraph-server.ts';
import { todayCST } from './time.ts';

type Env = Record<string, string | undefined>;
type Closable = { close(): Promise<void> };

/** What every resolver of every subgraph receives; a subgraph's `Context` adds its loaders and own deps. */
export interface BaseContext<D> {
  caller: Caller;
  db: D;
  /** The logger, bound to the gateway's request id. */
  log: Logger;
  /** The request's instant (fixed when the request starts): the time stamps it writes. */
  now(): Date;
  /** The request's calendar date in China Standard Time (`YYYY-MM-DD`): publicity ends and deadlines are compared to it. */
  today: string;
  /** The request's trace context when tracing is on (lib/observability/): parent of the spans its work starts. */
  trace?: TraceContext;
}

/** The request's clock from the process's clock (`() => new Date()`; tests move it). */
export function requestClock(clock: () => Date): Pick<BaseContext<unknown>, 'now' | 'today'> {
  const instant = clock();
  return { now: () => instant, today: todayCST(instant) };
}

export interface StartOptions {
  port?: number;
  host?: string;
  logger?: Logger;
  /** Every SQL statement sent to the database (tests count them). */
  onQuery?: (sql: string) => void;
  /** The clock: "today" in China Standard Time, deadlines and time stamps (tests move it). */
  now?: () => Date;
}

export interface RunningSubgraph<D> {
  url: string;
  app: FastifyInstance;
  db: D;
  /** `/metrics` on `<NAME>_METRICS_PORT`, when set. */
  metricsUrl: string | null;
  close(): Promise<void>;
}

/** What `setup` is given: the open database, the config, the logger and the process's clock. */
export interface SetupArgs<Cfg, D, Deps> {
  config: Cfg;
  db: D;
  logger: Logger;
  clock: () => Date;
  /** Deps the caller of `createServer` chose itself (a test's access log); `setup` uses them as given. */
  given: Partial<Deps>;
  /** Runs `fn` when the server closes, before the database does (a writer's last flush). */
  onClose(fn: () => Promise<void>): void;
  /** Names a background writer's backlog for the metrics (`creditgraph_queue_depth{queue}`), read when scraped. */
  queueDepth(queue: string, read: () => number): void;
  /** The subgraph's tracer when tracing is on (a writer's commits as spans); null when off. */
  tracer: Tracer | null;
}

export interface SubgraphDefinition<Cfg extends SubgraphConfig, D extends Db<PrismaLike>, Deps, Ctx extends BaseContext<D>> {
  name: SubgraphName;
  /** Resolver maps as codegen types them; `buildSubgraphSchema` takes them as they are. */
  resolvers: object;
  /** Reads and checks the environment (throws ConfigError listing every bad key); default: the shared settings only. */
  loadConfig?(env: Env): Readonly<Cfg>;
  openDb(config: Readonly<Cfg>, onQuery?: (sql: string) => void): Promise<D>;
  /**
   * Work the server needs before it serves, done once (reading a calendar or a key file, a
   * group-commit writer): a throw stops the start and closes the database.
   */
  setup?(args: SetupArgs<Readonly<Cfg>, D, Deps>): Deps | Promise<Deps>;
  /** The rest of a request's context (its loaders, the subgraph's own deps) over the base. */
  context(base: BaseContext<D>, deps: Deps): Omit<Ctx, keyof BaseContext<D>>;
  /** Largest request body (bytes); default the server's (lib/subgraph-server.ts). */
  bodyLimit?: number;
  /** HTTP routes beside /graphql (the enterprise subgraph's bulk uploads), added once the server is built. */
  routes?(app: FastifyInstance, args: { config: Cfg; db: D; logger: Logger; clock: () => Date }, deps: Deps): void;
}

export interface ServerDeps<Cfg, D, Deps> {
  db: D;
  logger: Logger;
  config: Cfg;
  now?: () => Date;
  /** Deps chosen by the caller instead of `setup`'s (see `SetupArgs.given`). */
  given?: Partial<Deps>;
}

export interface Subgraph<Cfg extends SubgraphConfig, D, Deps> {
  name: SubgraphName;
  typeDefs: string;
  resolvers: object;
  loadConfig(env: Env): Readonly<Cfg>;
  /** Builds the server over an open database; `setup`'s work is its only I/O. */
  createServer(deps: ServerDeps<Readonly<Cfg>, D, Deps>): Promise<FastifyInstance>;
  start(env: Env, opts?: StartOptions & { given?: Partial<Deps> }): Promise<RunningSubgraph<D>>;
}

/** The database of a subgraph with no connection of its own beyond the shared one. */
export function openWith<P extends PrismaLike>(modules: ClientModules<P>) {
  return (config: Readonly<SubgraphConfig>, onQuery?: (sql: string) => void): Promise<Db<P>> =>
    openDb(modules, config.provider, config.databaseUrl, { onQuery });
}

/** Each built server's metrics registry (for `<NAME>_METRICS_PORT`). */
const registries = new WeakMap<FastifyInstance, Registry>();

export function defineSubgraph<
  Ctx extends BaseContext<D>, D extends Db<PrismaLike>, Cfg extends SubgraphConfig = SubgraphConfig, Deps = object,
>(def: SubgraphDefinition<Cfg, D, Deps, Ctx>): Subgraph<Cfg, D, Deps> {
  const { name, resolvers } = def;
  const typeDefs = readFileSync(new URL(`../schema/${name}.graphql`, import.meta.url), 'utf8');
  const loadConfig = def.loadConfig ?? ((env: Env) => loadSubgraphConfig(name, env) as Readonly<Cfg>);

  async function createServer({ db, logger, config, now: clock = () => new Date(), given = {} }: ServerDeps<Readonly<Cfg>, D, Deps>) {
    const closing: (() => Promise<void>)[] = [];
    const observability = createSubgraphObservability(name, config);
    const deps = def.setup
      ? await def.setup({ config, db, logger, clock, given, onClose: (fn) => closing.push(fn), queueDepth: observability.queueDepth, tracer: observability.tracer })
      : ({ ...given } as Deps);
    const app = createSubgraphServer<Ctx>({
      name,
      typeDefs,
      resolvers: observability.tracer ? tracedResolvers(resolvers, observability.tracer) : resolvers,
      logger,
      callerSecret: config.callerSecret,
      production: config.production,
      createContext: (caller, request) => {
        const base: BaseContext<D> = { caller, db, log: logger.child({ requestId: caller.requestId }), ...requestClock(clock) };
        const trace = observability.requestTrace(request);
        if (trace) base.trace = trace;
        return { ...base, ...def.context(base, deps) } as Ctx;
      },
      readiness: createReadiness(db, { subgraph: name, provider: config.provider, url: config.databaseUrl }),
      bodyLimit: def.bodyLimit,
    });
    def.routes?.(app, { config, db, logger, clock }, deps);
    observability.install(app);
    registries.set(app, observability.registry);
    for (const fn of [...closing, observability.close]) app.addHook('onClose', fn);
    return app;
  }

  async function start(env: Env, opts: StartOptions & { given?: Partial<Deps> } = {}): Promise<RunningSubgraph<D>> {
    const config = loadConfig(env);
    const logger = opts.logger ?? createLogger({ name, level: config.logLevel });
    if (config.provider === 'sqlite') mkdirSync(config.dataDir, { recursive: true });
    const db = await def.openDb(config, opts.onQuery);
    const host = opts.host ?? config.host;
    let app: FastifyInstance | undefined;
    let ownMetrics: { url: string; close(): Promise<void> } | null = null;
    try {
      app = await createServer({ db, logger, config, now: opts.now, given: opts.given });
      await app.listen({ port: opts.port ?? config.port, host });
      if (config.metricsPort !== null) ownMetrics = await listenMetrics(registries.get(app)!, host, config.metricsPort);
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
      metricsUrl: ownMetrics?.url ?? null,
      async close() {
        await ownMetrics?.close();
        await running.close();
        await db.close();
      },
    };
  }

  return { name, typeDefs, resolvers, loadConfig, createServer, start };
}

/**
 * Starts `subgraph` from `process.env` when `moduleUrl` (the caller's `import.meta.url`) is the
 * file node was started with, and does nothing when the module is imported. SIGINT and SIGTERM
 * close it gracefully; a failed start or close exits 1.
 */
export function runWhenMain(moduleUrl: string, subgraph: { name: string; start(env: Env): Promise<RunningSubgraph<Closable>> }): void {
  if (!isMainModule(moduleUrl)) return;
  async function main(): Promise<void> {
    const running = await subgraph.start(process.env);
    running.app.log.info({ url: running.url }, `${subgraph.name} subgraph listening`);
    const stop = (signal: string) => {
      running.app.log.info({ signal }, 'shutting down');
      running.close().then(() => process.exit(0), (err: unknown) => { console.error(err); process.exit(1); });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  }
  main().catch((err) => { console.error(err); process.exit(1); });
}
