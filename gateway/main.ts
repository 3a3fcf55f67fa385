/**
 * Starts the gateway: `startGateway(env)` opens the platform store (institutions, keys, usage),
 * builds and listens. Run directly, it serves until SIGINT/SIGTERM and then finishes in-flight
 * requests before it exits.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { JSONWebKeySet } from 'jose';
import { openPrisma } from '../lib/db/client.ts';
import { createLogger, type Logger } from '../lib/logger.ts';
import { createTokenVerifier } from '../lib/tokens.ts';
import type { PrismaClient as PlatformDb } from '../prisma/generated/platform/sqlite/client.ts';
import { cachedKeyLookup, type KeyLookup } from './authenticate.ts';
import { loadGatewayConfig, type GatewayConfig } from './config.ts';
import { createHttpHandler } from './http.ts';
import { createIngestHandler, enterpriseBaseUrl, isIngestPath } from './ingest.ts';
import { createGateway } from './server.ts';
import { createMetering } from './metering/index.ts';

export function openPlatformDb(config: GatewayConfig): Promise<PlatformDb> {
  return openPrisma<PlatformDb>({
    sqlite: () => import('../prisma/generated/platform/sqlite/client.ts'),
    postgresql: () => import('../prisma/generated/platform/postgresql/client.ts'),
  }, config.provider, config.platformDatabaseUrl);
}

export function platformKeyLookup(db: PlatformDb): KeyLookup {
  return async (prefix) => {
    const key = await db.apiKey.findUnique({ where: { prefix } });
    if (!key) return null;
    const inst = await db.institution.findUnique({ where: { id: key.institutionId } });
    if (!inst) return null;
    return {
      secretHash: key.secretHash,
      revoked: key.revokedAt !== null,
      institution: {
        id: inst.id, name: inst.name, kind: inst.kind, status: inst.status, scopes: inst.scopes,
        plan: {
          ratePerSecond: inst.ratePerSecond, burst: inst.burst,
          dailyArchivePulls: inst.dailyArchivePulls, monthlyArchivePulls: inst.monthlyArchivePulls,
        },
      },
    };
  };
}

export interface RunningGateway {
  url: string;
  metering: ReturnType<typeof createMetering>;
  server: Server;
  config: GatewayConfig;
  close(): Promise<void>;
}

export async function startGateway(
  env: Record<string, string | undefined>,
  opts: { port?: number; logger?: Logger } = {},
): Promise<RunningGateway> {
  const config = loadGatewayConfig(env);
  const logger = opts.logger ?? createLogger({ name: 'gateway', level: config.logLevel });
  const db = await openPlatformDb(config);
  const jwks = JSON.parse(readFileSync(config.jwt.jwksFile, 'utf8')) as JSONWebKeySet;
  const verifyToken = createTokenVerifier(jwks, config.jwt.issuer, config.jwt.audience);
  const keys = cachedKeyLookup(platformKeyLookup(db), config.apiKeyCacheMs);
  const parts = createGateway(config, logger);
  await parts.apollo.start();
  const metering = createMetering(db, logger, {
    enabled: config.metering,
    flushMs: config.meteringFlushMs,
    anonymousRate: config.anonymousRate,
    subjectRate: config.subjectRate,
  });

  // Only public members of the keys are published, whatever the file holds.
  const integrityJwks = existsSync(config.integrityJwksFile)
    ? { keys: (JSON.parse(readFileSync(config.integrityJwksFile, 'utf8')) as JSONWebKeySet).keys
        .map(({ kty, crv, x, n, e, kid, alg, use }) => ({ kty, crv, x, n, e, kid, alg, use })) }
    : { keys: [] };
  const handler = createHttpHandler({
    apollo: parts.apollo,
    logger,
    keys,
    verifyToken,
    maxBodyBytes: config.limits.maxBodyBytes,
    maxBatch: config.limits.maxBatch,
    trustProxyHops: config.trustProxyHops,
    ready: async () => { await db.$queryRawUnsafe('SELECT 1'); return true; },
    routes: { '/.well-known/jwks.json': () => integrityJwks },
    admit: metering.admit,
    onResponse: metering.onResponse,
    ingest: {
      matches: isIngestPath,
      handle: createIngestHandler({
        enterpriseUrl: enterpriseBaseUrl(config.subgraphUrls.enterprise, readFileSync(config.supergraphPath, 'utf8')),
        callerSecret: config.callerSecret, keys, verifyToken, logger, admit: metering.admit,
      }),
    },
  });
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => { void handler(req, res); });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host}:${port}/graphql`;
  logger.info({ url }, 'gateway ready');
  return {
    url,
    server,
    config,
    metering,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await parts.close();
      await metering.close();
      await db.$disconnect();
    },
  };
}

async function main() {
  const gw = await startGateway(process.env);
  const stop = (signal: string) => {
    console.error(`gateway: ${signal}, finishing in-flight requests`);
    gw.close().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => { console.error(err); process.exit(1); });
}
