/**
 * Starts the gateway: `startGateway(env)` opens the platform store (institutions, keys, usage),
 * builds and listens. Run directly, it serves until SIGINT/SIGTERM and then finishes in-flight
 * requests before it exits; with GATEWAY_WORKERS > 1 it is the primary of that many workers, each
 * a `startGateway` on the same port (gateway/cluster.ts).
 */
import cluster from 'node:cluster';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { isMainModule } from '../lib/main-module.ts';
import { createRemoteJWKSet, type JSONWebKeySet } from 'jose';
import { createLogger, type Logger } from '../lib/logger.ts';
import { createTokenVerifier } from '../lib/tokens.ts';
import { cachedKeyLookup } from './authenticate.ts';
import { loadGatewayConfig, type GatewayConfig } from './config.ts';
import { createHttpHandler, graphqlRoute, healthRoute, jsonRoute, readinessRoute, type ResponseInfo } from './http/index.ts';
import { presetHeader } from './http/respond.ts';
import { reportsRoute } from './reports-route.ts';
import { restRoutes } from './rest/routes.ts';
import { consoleRoutes } from './console-route.ts';
import { enterpriseBaseUrl, ingestRoutes } from './ingest.ts';
import { createGateway, type GatewayOptions } from './server.ts';
import { createMetering } from './metering/index.ts';
import { RateLimiter, type RateLimitStore } from './metering/rate-limit.ts';
import { clusterRateLimits, rateLimitHandlers } from './metering/rate-limit-cluster.ts';
import { postgresRateLimits } from './metering/rate-limit-postgres.ts';
import { clusterUsage, usageHandlers } from './metering/usage-cluster.ts';
import { UsageRecorder } from './metering/usage.ts';
import { startPrimary, type Primary } from './cluster.ts';
import { openPlatformStore } from './platform-store.ts';
import { createGatewayObservability } from './observability/index.ts';
import { metricsHandlers } from './observability/cluster-metrics.ts';
import { createTrustedDocuments } from './trusted-documents.ts';
import { KeyUsage } from './key-usage.ts';
import { invalidateOnChanges } from './cache/follow.ts';
import type { ChangeFollower } from '../lib/change-feed.ts';
import type { FrontDoor } from './cache/front-door.ts';
import type { ResponseCache } from './cache/response-cache.ts';

export interface RunningGateway {
  url: string;
  metering: ReturnType<typeof createMetering>;
  server: Server;
  config: GatewayConfig;
  /** `/metrics` on METRICS_PORT, when set. */
  metricsUrl: string | null;
  /** The response cache's change follower (null when the cache is off): `caughtUp()` says it has seen every write so far. */
  changeFollower: ChangeFollower | null;
  responseCache: ResponseCache | null;
  /** Its kept answers served before Apollo Server (null when the cache is off). */
  frontDoor: FrontDoor | null;
  close(): Promise<void>;
}

export async function startGateway(
  env: Record<string, string | undefined>,
  opts: { port?: number; logger?: Logger } & GatewayOptions = {},
): Promise<RunningGateway> {
  const config = loadGatewayConfig(env);
  const logger = opts.logger ?? createLogger({ name: 'gateway', level: config.logLevel });
  const store = await openPlatformStore(config);
  const verifyToken = createTokenVerifier(identityProviderKeys(config.jwt), config.jwt.issuer, config.jwt.audience);
  const keyUsage = new KeyUsage((seen) => store.touchApiKeys(seen), { flushMs: config.meteringFlushMs, logger });
  keyUsage.start();
  // A key that authenticates a request is noted for its last-used time (written in batches). The
  // record is given that callback as it is looked up, so the cache hands every request of the key the
  // same object (its principal is built once: authenticate.ts).
  const keys = cachedKeyLookup(async (prefix) => {
    const rec = await store.keyLookup(prefix);
    return rec && { ...rec, used: () => keyUsage.touch(prefix) };
  }, config.apiKeyCacheMs);
  const observability = createGatewayObservability(config, logger);
  const trustedDocuments = createTrustedDocuments(store, config.apiKeyCacheMs);
  const metering = createMetering(store, logger, {
    enabled: opts.metering ?? true,
    flushMs: config.meteringFlushMs,
    anonymousRate: config.anonymousRate,
    subjectRate: config.subjectRate,
    rateLimits: rateLimitStore(config, logger),
    // A worker counts usage in its primary, so that quotas see every worker's answers.
    usage: cluster.isWorker ? clusterUsage() : undefined,
  });
  const parts = createGateway(config, logger, opts, { observability: observability.hooks, trustedDocuments, admitReports: metering.admitReports });
  await parts.apollo.start();
  const supergraphSdl = readFileSync(config.supergraphPath, 'utf8');
  // The response cache serves nothing until its change follower has read up to now (gateway/cache/follow.ts).
  const follower = parts.responses && invalidateOnChanges(parts.responses, {
    enterpriseUrl: enterpriseBaseUrl(config.subgraphUrls.enterprise, supergraphSdl), callerSecret: config.callerSecret, logger,
  });
  if (follower) {
    parts.responses!.suspend();
    follower.caughtUp().then(() => parts.responses!.resume(), () => { /* stopped before it caught up */ });
  }
  observability.queueDepth('metering', () => metering.recorder.backlog);
  observability.queueDepth('key_usage', () => keyUsage.backlog);

  // Only public members of the keys are published, whatever the files hold: the integrity codes'
  // and the credit reports' keys, each with its own kid, in one JWKS.
  const publicKeys = (file: string) => (existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as JSONWebKeySet).keys.map(({ kty, crv, x, n, e, kid, alg, use }) => ({ kty, crv, x, n, e, kid, alg, use }))
    : []);
  const integrityJwks = { keys: [...publicKeys(config.integrityJwksFile), ...publicKeys(config.reportJwksFile)] };
  // /graphql and /reports/<n> authenticate and admit alike (the same keys, limits and metering).
  const front = {
    apollo: parts.apollo, door: parts.door, keys, verifyToken, limits: config.limits, trustProxyHops: config.trustProxyHops,
    admit: metering.admit,
    onResponse: (info: ResponseInfo) => { observability.onResponse(info); return metering.onResponse(info); },
  };
  const handler = createHttpHandler({
    logger,
    corsOrigins: config.corsOrigins,
    routes: [
      healthRoute('gateway'),
      ...observability.routes,
      readinessRoute('gateway', async () => { await store.ping(); return true; }),
      jsonRoute('/.well-known/jwks.json', () => integrityJwks),
      graphqlRoute(front),
      reportsRoute({ ...front, logger }),
      // The REST facade: the same operations pipeline as /graphql (gateway/rest/).
      ...restRoutes({ ...front, supergraphSdl }),
      // Bulk collection files, streamed to the enterprise subgraph (gateway/ingest.ts).
      ...ingestRoutes({
        ...front,
        enterpriseUrl: enterpriseBaseUrl(config.subgraphUrls.enterprise, supergraphSdl),
        callerSecret: config.callerSecret, logger,
      }),
      ...(config.console.enabled ? consoleRoutes({ explorer: config.console.explorer }) : []),
    ],
  });
  const traced = observability.wrap(handler);
  // Responses not yet answered, so that a stop can tell them to close their connection.
  const unanswered = new Set<ServerResponse>();
  let stopping = false;
  // Tests tell which worker answered (gateway-workers.test.ts); never outside NODE_ENV=test.
  const workerTag = config.nodeEnv === 'test' && cluster.isWorker ? String(process.pid) : null;
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    if (workerTag) presetHeader(res, 'x-gateway-worker', workerTag);
    if (stopping) presetHeader(res, 'connection', 'close');
    unanswered.add(res);
    res.once('close', () => unanswered.delete(res));
    void traced(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host}:${port}/graphql`;
  const metricsUrl = await observability.listen();
  logger.info({ url, metricsUrl }, 'gateway ready');
  return {
    url,
    server,
    config,
    metering,
    metricsUrl,
    changeFollower: follower,
    responseCache: parts.responses,
    frontDoor: parts.door,
    async close() {
      stopping = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // A request still running keeps its keep-alive connection open once answered, and the
        // stop would wait keepAliveTimeout (65 s) for it: one not yet answered is answered with
        // `connection: close`; one whose headers are out (a streamed PDF or ingest reply) has its
        // connection ended once the answer is complete.
        for (const res of unanswered) {
          if (!res.headersSent) { presetHeader(res, 'connection', 'close'); continue; }
          // Node detaches the socket on 'finish' before a listener added here runs: hold it now.
          const socket = res.socket;
          if (res.writableFinished) socket?.end();
          else res.once('finish', () => socket?.end());
        }
      });
      await follower?.stop();
      await parts.close();
      await metering.close();
      await keyUsage.close();
      await store.close();
      await observability.close();
    },
  };
}

/** The identity provider's public keys: its JWKS URL (fetched only when configured; jose caches and follows rotations), or the file. */
function identityProviderKeys(jwt: GatewayConfig['jwt']) {
  if (jwt.jwksUrl) {
    return createRemoteJWKSet(new URL(jwt.jwksUrl), { cacheMaxAge: jwt.jwksCacheMs, cooldownDuration: jwt.jwksCooldownMs, timeoutDuration: 5_000 });
  }
  return JSON.parse(readFileSync(jwt.jwksFile, 'utf8')) as JSONWebKeySet;
}

/**
 * The token buckets of this process's limits: its own memory, the cluster primary's (a worker), or
 * the PostgreSQL table every gateway shares. A gateway outside a cluster (one worker, or started
 * in-process by tests) is its own cluster: memory.
 */
function rateLimitStore(config: GatewayConfig, logger: Logger): RateLimitStore {
  const { store, databaseUrl } = config.rateLimits;
  if (store === 'postgresql') return postgresRateLimits(databaseUrl!, logger);
  return store === 'cluster' && cluster.isWorker ? clusterRateLimits() : new RateLimiter();
}

/**
 * The primary of GATEWAY_WORKERS workers: holds their shared buckets and usage counts, replaces the
 * dead, drains on stop. Exported for the bench (bench/services/creditgraph.ts --workers), which runs
 * it as `npm start` does and needs the workers' pids for its CPU accounting.
 */
export async function runPrimary(config: GatewayConfig): Promise<Primary> {
  const logger = createLogger({ name: 'gateway-primary', level: config.logLevel });
  const store = await openPlatformStore(config);
  const usage = new UsageRecorder(store, { flushMs: config.meteringFlushMs, logger });
  usage.start();
  const primary = startPrimary({
    workers: config.workers, logger,
    handlers: { ...rateLimitHandlers(new RateLimiter()), ...usageHandlers(usage), ...metricsHandlers() },
  });
  logger.info({ workers: config.workers, rateLimits: config.rateLimits.store }, 'gateway primary started');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`gateway: ${signal}, stopping ${config.workers} workers (each finishes its in-flight requests)`);
    // The workers first: their last responses' usage reaches the recorder before its final flush.
    primary.stop()
      .then(() => usage.close())
      .then(() => store.close())
      .then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  return primary;
}

async function main() {
  const config = loadGatewayConfig(process.env);
  if (cluster.isPrimary && config.workers > 1) { await runPrimary(config); return; }
  const gw = await startGateway(process.env);
  let stopping = false;
  // Once: Ctrl-C signals the whole process group, so a worker gets SIGINT and then its primary's SIGTERM.
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`gateway: ${signal}, finishing in-flight requests`);
    gw.close().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

if (isMainModule(import.meta.url)) {
  main().catch((err) => { console.error(err); process.exit(1); });
}
