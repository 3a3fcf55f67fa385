/** Gateway configuration: read once from the environment, validated, frozen. */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import {
  baseSchema, DEFAULT_PORTS, databaseUrl, parseEnv, SUBGRAPHS, toBaseConfig, type SubgraphName,
} from '../lib/config.ts';

const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);

/** The gateway's variables; `gatewayConfigSchema` below turns them into the settings passed down. */
const gatewayEnvSchema = baseSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_PORTS.gateway),
  SUPERGRAPH_PATH: z.string().default('schema/supergraph.graphql'),
  /** Real-name identity provider: issuer, audience and its public keys (JWKS file). */
  JWT_ISSUER: z.string().default('creditgraph-demo-idp'),
  JWT_AUDIENCE: z.string().default('creditgraph'),
  JWT_JWKS_FILE: z.string().optional(),
  /**
   * Or the provider's JWKS URL (only fetched when set): keys cached JWT_JWKS_CACHE_MS, and fetched
   * again when a token names a key not in the cache (a rotation), at most once per JWT_JWKS_COOLDOWN_MS.
   */
  JWT_JWKS_URL: z.url({ protocol: /^https?$/, error: 'JWT_JWKS_URL must be an http(s) URL' }).optional(),
  JWT_JWKS_CACHE_MS: int(600_000, 0),
  JWT_JWKS_COOLDOWN_MS: int(30_000, 0),
  /** Public keys of integrity codes, published at /.well-known/jwks.json for partner cities. */
  INTEGRITY_JWKS_FILE: z.string().optional(),
  /** Public keys of credit reports, published beside the integrity codes' at /.well-known/jwks.json. */
  REPORT_JWKS_FILE: z.string().optional(),
  /** `partial` (default, Apollo Router's): withheld fields are null + FORBIDDEN; `reject`: the whole request fails. */
  AUTHORIZATION_MODE: z.enum(['partial', 'reject']).default('partial'),
  SUBGRAPH_TIMEOUT_MS: int(10_000, 1),
  API_KEY_CACHE_MS: int(5_000),
  MAX_DEPTH: int(12, 1),
  MAX_ALIASES: int(30, 1),
  MAX_ROOT_FIELDS: int(10, 1),
  MAX_TOKENS: int(5_000, 1),
  MAX_BODY_BYTES: int(100_000, 1),
  /** A submitRecords call's body (up to 1,000 records): gateway/http/submit-limit.ts. */
  MAX_SUBMIT_BODY_BYTES: int(2_000_000, 1),
  MAX_LIST_FIRST: int(100, 1),
  MAX_COST: int(50_000, 1),
  MAX_BATCH: int(10, 1),
  /** Bounds on the document itself, checked before validation (gateway/analysis/gate.ts). */
  MAX_SELECTIONS: int(5_000, 1),
  MAX_DIRECTIVES: int(100, 0),
  MAX_FRAGMENT_SPREADS: int(100, 0),
  MAX_FIELD_MERGES: int(20_000, 0),
  /** All the gateway's caches together (gateway/caches.ts). */
  GATEWAY_CACHE_BYTES: int(128 * 1024 * 1024, 1024 * 1024),
  /**
   * The response cache of public answers (gateway/cache/): its budget and an entry's longest life.
   * Off (0) unless set, for now: a gateway following the change log keeps the enterprise subgraph's
   * stop waiting out its keep-alive timeout (~70 s) after some workloads; 67108864 (64 MiB) is the
   * budget meant once that is fixed in the /changes route.
   */
  RESPONSE_CACHE_BYTES: int(64 * 1024 * 1024),
  RESPONSE_CACHE_TTL_MS: int(60_000, 1),
  ANONYMOUS_RATE_PER_SECOND: int(20, 1),
  ANONYMOUS_BURST: int(40, 1),
  SUBJECT_RATE_PER_SECOND: int(20, 1),
  SUBJECT_BURST: int(40, 1),
  METERING_FLUSH_MS: int(1_000, 10),
  /** Trust X-Forwarded-For from this many proxies in front (0: use the socket address). */
  TRUST_PROXY_HOPS: int(0),
  /** `/metrics` on a port of its own, bound to HOST, no token (lib/observability/metrics.ts). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Origins (scheme://host[:port], comma-separated) whose web pages may call the API; none by default. */
  CORS_ORIGINS: z.string().default('').transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.string().refine(isOrigin, 'each entry must be an origin: scheme://host[:port], no path, lower case'))),
  /** The pages at /console (`on` by default) and the GraphQL explorer at /console/explorer (default: on except in production). */
  CONSOLE: z.enum(['on', 'off']).default('on'),
  CONSOLE_EXPLORER: z.enum(['on', 'off']).optional(),
  /** Where each subgraph answers (`<NAME>_URL`; unset: the supergraph's routing URL) and the platform database. */
  ENTERPRISE_URL: z.string().optional(),
  PERSON_URL: z.string().optional(),
  SOCIAL_ORG_URL: z.string().optional(),
  FINANCE_URL: z.string().optional(),
  PLATFORM_URL: z.string().optional(),
  PLATFORM_DATABASE_URL: z.string().optional(),
  // --- Every core (gateway/cluster.ts): workers of one gateway, and where their rate limits live ---
  /** Gateway processes on the one port (node:cluster); 1: no primary, the gateway runs in this process. */
  GATEWAY_WORKERS: z.coerce.number().int().min(1).max(256).default(availableParallelism()),
  /**
   * Where the rate limits' token buckets live: `memory` (this process; only with one worker),
   * `cluster` (the primary process, shared by its workers; the default with several), or
   * `postgresql` (one table shared by every gateway using RATE_LIMIT_DATABASE_URL).
   */
  RATE_LIMIT_STORE: z.enum(['memory', 'cluster', 'postgresql']).optional(),
  /** The rate limits' PostgreSQL database; unset: the platform database, when that is PostgreSQL. */
  RATE_LIMIT_DATABASE_URL: z.string().optional(),
});

function isOrigin(s: string): boolean {
  try { return new URL(s).origin === s; } catch { return false; }
}

const gatewayConfigSchema = gatewayEnvSchema.transform((e, ctx) => {
  const base = toBaseConfig(e);
  if (base.production && !e.JWT_JWKS_FILE && !e.JWT_JWKS_URL) {
    ctx.addIssue({ code: 'custom', path: ['JWT_JWKS_FILE'], message: 'required in production (the identity provider\'s public keys), or JWT_JWKS_URL' });
    return z.NEVER;
  }
  if (e.JWT_JWKS_FILE && e.JWT_JWKS_URL) {
    ctx.addIssue({ code: 'custom', path: ['JWT_JWKS_URL'], message: 'set either JWT_JWKS_FILE or JWT_JWKS_URL, not both' });
    return z.NEVER;
  }
  const rateLimitStore = e.RATE_LIMIT_STORE ?? (e.GATEWAY_WORKERS > 1 ? 'cluster' : 'memory');
  if (rateLimitStore === 'memory' && e.GATEWAY_WORKERS > 1) {
    // Each worker would keep its own buckets: N workers would admit N times the rate.
    ctx.addIssue({ code: 'custom', path: ['RATE_LIMIT_STORE'], message: 'memory keeps one process\'s buckets: use cluster or postgresql with GATEWAY_WORKERS > 1' });
    return z.NEVER;
  }
  const rateLimitDatabaseUrl = e.RATE_LIMIT_DATABASE_URL
    ?? (base.provider === 'postgresql' && rateLimitStore === 'postgresql' ? e.PLATFORM_DATABASE_URL : undefined);
  if (rateLimitStore === 'postgresql' && !rateLimitDatabaseUrl?.startsWith('postgres')) {
    ctx.addIssue({ code: 'custom', path: ['RATE_LIMIT_DATABASE_URL'], message: 'a postgresql:// URL is required with RATE_LIMIT_STORE=postgresql (or DATABASE_PROVIDER=postgresql and PLATFORM_DATABASE_URL)' });
    return z.NEVER;
  }
  const urls: Record<SubgraphName, string | undefined> = {
    enterprise: e.ENTERPRISE_URL, person: e.PERSON_URL, 'social-org': e.SOCIAL_ORG_URL, finance: e.FINANCE_URL, platform: e.PLATFORM_URL,
  };
  const subgraphUrls: Partial<Record<SubgraphName, string>> = {};
  for (const name of SUBGRAPHS) {
    const url = urls[name];
    if (url) subgraphUrls[name] = url;
  }
  return {
    ...base,
    port: e.PORT,
    supergraphPath: resolve(e.SUPERGRAPH_PATH),
    subgraphUrls,
    // Throws ConfigError on PostgreSQL without PLATFORM_DATABASE_URL, as a subgraph's own URL does.
    platformDatabaseUrl: databaseUrl('platform', base, { PLATFORM_DATABASE_URL: e.PLATFORM_DATABASE_URL }),
    jwt: {
      issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE, jwksFile: e.JWT_JWKS_FILE ?? resolve(base.dataDir, 'idp-jwks.json'),
      jwksUrl: e.JWT_JWKS_URL ?? null, jwksCacheMs: e.JWT_JWKS_CACHE_MS, jwksCooldownMs: e.JWT_JWKS_COOLDOWN_MS,
    },
    integrityJwksFile: e.INTEGRITY_JWKS_FILE ?? resolve(base.dataDir, 'integrity-jwks.json'),
    reportJwksFile: e.REPORT_JWKS_FILE ?? resolve(base.dataDir, 'report-jwks.json'),
    authorizationMode: e.AUTHORIZATION_MODE,
    subgraphTimeoutMs: e.SUBGRAPH_TIMEOUT_MS,
    apiKeyCacheMs: e.API_KEY_CACHE_MS,
    limits: {
      maxDepth: e.MAX_DEPTH, maxAliases: e.MAX_ALIASES, maxRootFields: e.MAX_ROOT_FIELDS, maxTokens: e.MAX_TOKENS,
      maxBodyBytes: e.MAX_BODY_BYTES, maxListFirst: e.MAX_LIST_FIRST, maxCost: e.MAX_COST, maxBatch: e.MAX_BATCH,
      maxSubmitBodyBytes: e.MAX_SUBMIT_BODY_BYTES,
      maxSelections: e.MAX_SELECTIONS, maxDirectives: e.MAX_DIRECTIVES, maxFragmentSpreads: e.MAX_FRAGMENT_SPREADS,
      maxFieldMerges: e.MAX_FIELD_MERGES,
    },
    cacheBytes: e.GATEWAY_CACHE_BYTES,
    responseCache: { bytes: e.RESPONSE_CACHE_BYTES, ttlMs: e.RESPONSE_CACHE_TTL_MS },
    anonymousRate: { perSecond: e.ANONYMOUS_RATE_PER_SECOND, burst: e.ANONYMOUS_BURST },
    subjectRate: { perSecond: e.SUBJECT_RATE_PER_SECOND, burst: e.SUBJECT_BURST },
    meteringFlushMs: e.METERING_FLUSH_MS,
    trustProxyHops: e.TRUST_PROXY_HOPS,
    corsOrigins: Object.freeze(e.CORS_ORIGINS),
    console: { enabled: e.CONSOLE === 'on', explorer: e.CONSOLE === 'on' && (e.CONSOLE_EXPLORER ?? (base.production ? 'off' : 'on')) === 'on' },
    metricsPort: e.METRICS_PORT ?? null,
    workers: e.GATEWAY_WORKERS,
    rateLimits: { store: rateLimitStore, databaseUrl: rateLimitDatabaseUrl ?? null },
  };
});

/** The gateway's settings: the type of what its schema yields, not a second list of the same keys. */
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export function loadGatewayConfig(env: Record<string, string | undefined>): Readonly<GatewayConfig> {
  return Object.freeze(parseEnv(gatewayConfigSchema, env));
}
