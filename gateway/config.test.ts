import { describe, expect, it } from '@jest/globals';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { configIssues as issues } from '../lib/test-support.ts';
import { loadGatewayConfig } from './config.ts';

const valid = { CALLER_SIGNING_SECRET: 'c'.repeat(32), DATA_DIR: '/tmp/creditgraph-test' };

describe('loadGatewayConfig', () => {
  it('returns a frozen config with the documented defaults', () => {
    const c = loadGatewayConfig(valid);
    expect(Object.isFrozen(c)).toBe(true);
    expect(c).toMatchObject({
      production: false, port: 4000, host: '127.0.0.1', provider: 'sqlite', authorizationMode: 'partial',
      apiKeyCacheMs: 5000, subgraphTimeoutMs: 10_000, meteringFlushMs: 1000, trustProxyHops: 0,
      limits: { maxDepth: 12, maxAliases: 30, maxRootFields: 10, maxTokens: 5000, maxBodyBytes: 100_000, maxListFirst: 100, maxCost: 50_000, maxBatch: 10 },
      anonymousRate: { perSecond: 20, burst: 40 }, subjectRate: { perSecond: 20, burst: 40 },
      jwt: { issuer: 'creditgraph-demo-idp', audience: 'creditgraph', jwksFile: '/tmp/creditgraph-test/idp-jwks.json' },
      integrityJwksFile: '/tmp/creditgraph-test/integrity-jwks.json',
      platformDatabaseUrl: 'file:/tmp/creditgraph-test/platform.db',
      subgraphUrls: {},
    });
  });

  it('takes AUTHORIZATION_MODE=reject, the key cache in milliseconds and every limit as given', () => {
    const c = loadGatewayConfig({
      ...valid, AUTHORIZATION_MODE: 'reject', API_KEY_CACHE_MS: '250', MAX_DEPTH: '7', MAX_ALIASES: '3', MAX_ROOT_FIELDS: '4',
      MAX_TOKENS: '900', MAX_BODY_BYTES: '2048', MAX_LIST_FIRST: '50', MAX_COST: '999', MAX_BATCH: '2',
      ANONYMOUS_RATE_PER_SECOND: '1', ANONYMOUS_BURST: '2', SUBJECT_RATE_PER_SECOND: '3', SUBJECT_BURST: '4',
      METERING_FLUSH_MS: '150', TRUST_PROXY_HOPS: '1', SUBGRAPH_TIMEOUT_MS: '1500', PORT: '0',
      PERSON_URL: 'http://127.0.0.1:9/graphql', JWT_ISSUER: 'idp', JWT_AUDIENCE: 'aud', JWT_JWKS_FILE: 'keys.json',
    });
    expect(c).toMatchObject({
      authorizationMode: 'reject', apiKeyCacheMs: 250, subgraphTimeoutMs: 1500, meteringFlushMs: 150, trustProxyHops: 1, port: 0,
      limits: { maxDepth: 7, maxAliases: 3, maxRootFields: 4, maxTokens: 900, maxBodyBytes: 2048, maxListFirst: 50, maxCost: 999, maxBatch: 2 },
      anonymousRate: { perSecond: 1, burst: 2 }, subjectRate: { perSecond: 3, burst: 4 },
      subgraphUrls: { person: 'http://127.0.0.1:9/graphql' },
      jwt: { issuer: 'idp', audience: 'aud', jwksFile: 'keys.json' },
    });
  });

  it('lists every bad variable in one error', () => {
    expect(issues(() => loadGatewayConfig({ CALLER_SIGNING_SECRET: 'short', AUTHORIZATION_MODE: 'lenient', MAX_DEPTH: '0', API_KEY_CACHE_MS: '-1', PORT: '70000' })).sort()).toEqual([
      'API_KEY_CACHE_MS: Too small: expected number to be >=0',
      'AUTHORIZATION_MODE: Invalid option: expected one of "partial"|"reject"',
      'CALLER_SIGNING_SECRET: CALLER_SIGNING_SECRET must be at least 32 characters',
      'MAX_DEPTH: Too small: expected number to be >=1',
      'PORT: Too big: expected number to be <=65535',
    ]);
  });

  it('requires the identity provider\'s keys in production', () => {
    expect(issues(() => loadGatewayConfig({ ...valid, NODE_ENV: 'production' })))
      .toEqual(['JWT_JWKS_FILE: required in production (the identity provider\'s public keys), or JWT_JWKS_URL']);
    expect(loadGatewayConfig({ ...valid, NODE_ENV: 'production', JWT_JWKS_FILE: '/etc/idp.json' }).production).toBe(true);
    expect(loadGatewayConfig({ ...valid, NODE_ENV: 'production', JWT_JWKS_URL: 'https://idp.example/jwks.json' }).jwt.jwksUrl).toBe('https://idp.example/jwks.json');
    expect(issues(() => loadGatewayConfig({ ...valid, JWT_JWKS_FILE: '/etc/idp.json', JWT_JWKS_URL: 'https://idp.example/jwks.json' })))
      .toEqual(['JWT_JWKS_URL: set either JWT_JWKS_FILE or JWT_JWKS_URL, not both']);
  });

  it('requires a database URL per subgraph on PostgreSQL', () => {
    expect(issues(() => loadGatewayConfig({ ...valid, DATABASE_PROVIDER: 'postgresql' })))
      .toEqual(['PLATFORM_DATABASE_URL: required when DATABASE_PROVIDER=postgresql']);
    expect(loadGatewayConfig({ ...valid, DATABASE_PROVIDER: 'postgresql', PLATFORM_DATABASE_URL: 'postgresql://db/p' }).platformDatabaseUrl)
      .toBe('postgresql://db/p');
  });
});

describe('GATEWAY_WORKERS and RATE_LIMIT_STORE', () => {
  it('runs a worker per core by default, sharing rate limits in the primary when there are several', () => {
    const c = loadGatewayConfig(valid);
    expect(c.workers).toBe(availableParallelism());
    expect(c.rateLimits).toEqual({ store: availableParallelism() > 1 ? 'cluster' : 'memory', databaseUrl: null });
    expect(loadGatewayConfig({ ...valid, GATEWAY_WORKERS: '1' }).rateLimits.store).toBe('memory');
    expect(loadGatewayConfig({ ...valid, GATEWAY_WORKERS: '4' }).rateLimits.store).toBe('cluster');
  });

  it('refuses per-process buckets with several workers (each would admit the whole rate)', () => {
    expect(issues(() => loadGatewayConfig({ ...valid, GATEWAY_WORKERS: '2', RATE_LIMIT_STORE: 'memory' })))
      .toEqual(['RATE_LIMIT_STORE: memory keeps one process\'s buckets: use cluster or postgresql with GATEWAY_WORKERS > 1']);
  });

  it('takes the PostgreSQL store\'s URL from RATE_LIMIT_DATABASE_URL, else from a PostgreSQL platform database', () => {
    expect(loadGatewayConfig({ ...valid, RATE_LIMIT_STORE: 'postgresql', RATE_LIMIT_DATABASE_URL: 'postgresql://db/limits' }).rateLimits)
      .toEqual({ store: 'postgresql', databaseUrl: 'postgresql://db/limits' });
    expect(loadGatewayConfig({ ...valid, RATE_LIMIT_STORE: 'postgresql', DATABASE_PROVIDER: 'postgresql', PLATFORM_DATABASE_URL: 'postgresql://db/p' }).rateLimits)
      .toEqual({ store: 'postgresql', databaseUrl: 'postgresql://db/p' });
    expect(issues(() => loadGatewayConfig({ ...valid, RATE_LIMIT_STORE: 'postgresql' }))).toEqual([
      'RATE_LIMIT_DATABASE_URL: a postgresql:// URL is required with RATE_LIMIT_STORE=postgresql (or DATABASE_PROVIDER=postgresql and PLATFORM_DATABASE_URL)',
    ]);
  });
});

describe('where the rate limits live, at the edges', () => {
  it('takes RATE_LIMIT_STORE=cluster as asked', () => {
    expect(loadGatewayConfig({ ...valid, GATEWAY_WORKERS: '4', RATE_LIMIT_STORE: 'cluster' }).rateLimits).toEqual({ store: 'cluster', databaseUrl: null });
  });

  it('keeps the platform\'s PostgreSQL database out of the rate limits unless RATE_LIMIT_STORE=postgresql', () => {
    const pg = { ...valid, DATABASE_PROVIDER: 'postgresql', PLATFORM_DATABASE_URL: 'postgresql://db/p' };
    expect(loadGatewayConfig({ ...pg, GATEWAY_WORKERS: '2' }).rateLimits).toEqual({ store: 'cluster', databaseUrl: null });
    expect(loadGatewayConfig({ ...pg, GATEWAY_WORKERS: '1' }).rateLimits).toEqual({ store: 'memory', databaseUrl: null });
  });

  it('does not take the platform database for the rate limits on SQLite, whatever its URL says', () => {
    expect(issues(() => loadGatewayConfig({ ...valid, RATE_LIMIT_STORE: 'postgresql', PLATFORM_DATABASE_URL: 'postgresql://db/p' }))).toEqual([
      'RATE_LIMIT_DATABASE_URL: a postgresql:// URL is required with RATE_LIMIT_STORE=postgresql (or DATABASE_PROVIDER=postgresql and PLATFORM_DATABASE_URL)',
    ]);
  });

  it('refuses a rate limit database that is not PostgreSQL', () => {
    expect(issues(() => loadGatewayConfig({ ...valid, RATE_LIMIT_STORE: 'postgresql', RATE_LIMIT_DATABASE_URL: 'file:/tmp/limits.db' }))).toEqual([
      'RATE_LIMIT_DATABASE_URL: a postgresql:// URL is required with RATE_LIMIT_STORE=postgresql (or DATABASE_PROVIDER=postgresql and PLATFORM_DATABASE_URL)',
    ]);
  });
});

describe('where each subgraph answers', () => {
  it('names only the subgraphs given a URL, an empty one leaving the supergraph\'s routing URL', () => {
    expect(Object.keys(loadGatewayConfig(valid).subgraphUrls)).toEqual([]);
    expect(loadGatewayConfig({ ...valid, PERSON_URL: '', FINANCE_URL: 'http://127.0.0.1:4/graphql' }).subgraphUrls)
      .toStrictEqual({ finance: 'http://127.0.0.1:4/graphql' });
  });
});

describe('every gateway setting (what the README documents)', () => {
  it('has its documented default when unset', () => {
    expect(loadGatewayConfig(valid)).toEqual({
      production: false, nodeEnv: 'development', dataDir: '/tmp/creditgraph-test', provider: 'sqlite', logLevel: 'info',
      host: '127.0.0.1', callerSecret: 'c'.repeat(32), metricsToken: null, otlpEndpoint: null,
      port: 4000, supergraphPath: resolve('schema/supergraph.graphql'), subgraphUrls: {},
      platformDatabaseUrl: 'file:/tmp/creditgraph-test/platform.db',
      jwt: {
        issuer: 'creditgraph-demo-idp', audience: 'creditgraph', jwksFile: '/tmp/creditgraph-test/idp-jwks.json',
        jwksUrl: null, jwksCacheMs: 600_000, jwksCooldownMs: 30_000,
      },
      integrityJwksFile: '/tmp/creditgraph-test/integrity-jwks.json', reportJwksFile: '/tmp/creditgraph-test/report-jwks.json',
      authorizationMode: 'partial', subgraphTimeoutMs: 10_000, apiKeyCacheMs: 5_000,
      limits: {
        maxDepth: 12, maxAliases: 30, maxRootFields: 10, maxTokens: 5_000, maxBodyBytes: 100_000, maxListFirst: 100,
        maxCost: 50_000, maxBatch: 10, maxSubmitBodyBytes: 2_000_000, maxSelections: 5_000, maxDirectives: 100,
        maxFragmentSpreads: 100, maxFieldMerges: 20_000,
      },
      cacheBytes: 128 * 1024 * 1024, responseCache: { bytes: 64 * 1024 * 1024, ttlMs: 60_000 },
      anonymousRate: { perSecond: 20, burst: 40 }, subjectRate: { perSecond: 20, burst: 40 },
      meteringFlushMs: 1_000, trustProxyHops: 0, corsOrigins: [],
      console: { enabled: true, explorer: true }, metricsPort: null,
      // One worker per core; with more than one, the primary keeps the one set of buckets.
      workers: availableParallelism(),
      rateLimits: { store: availableParallelism() > 1 ? 'cluster' : 'memory', databaseUrl: null },
    });
  });

  it('takes each one as given', () => {
    const c = loadGatewayConfig({
      ...valid, NODE_ENV: 'test', LOG_LEVEL: 'warn', HOST: '127.0.0.2', METRICS_TOKEN: 'm'.repeat(16),
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', SUPERGRAPH_PATH: 'other.graphql',
      JWT_JWKS_URL: 'http://127.0.0.1:9/jwks', JWT_JWKS_CACHE_MS: '0', JWT_JWKS_COOLDOWN_MS: '5',
      INTEGRITY_JWKS_FILE: '/k/i.json', REPORT_JWKS_FILE: '/k/r.json',
      MAX_SUBMIT_BODY_BYTES: '3', MAX_SELECTIONS: '4', MAX_DIRECTIVES: '0', MAX_FRAGMENT_SPREADS: '0', MAX_FIELD_MERGES: '0',
      GATEWAY_CACHE_BYTES: String(1024 * 1024), RESPONSE_CACHE_BYTES: '0', RESPONSE_CACHE_TTL_MS: '1',
      CORS_ORIGINS: ' https://a.example , http://127.0.0.1:8080,', CONSOLE: 'on', CONSOLE_EXPLORER: 'off', METRICS_PORT: '9464',
      ENTERPRISE_URL: 'http://127.0.0.1:1/graphql', SOCIAL_ORG_URL: 'http://127.0.0.1:3/graphql',
      FINANCE_URL: 'http://127.0.0.1:4/graphql', PLATFORM_URL: 'http://127.0.0.1:5/graphql',
      PLATFORM_DATABASE_URL: 'file:/elsewhere/platform.db',
    });
    expect(c).toMatchObject({
      nodeEnv: 'test', logLevel: 'warn', host: '127.0.0.2', metricsToken: 'm'.repeat(16), otlpEndpoint: 'http://127.0.0.1:4318',
      supergraphPath: resolve('other.graphql'),
      jwt: { jwksUrl: 'http://127.0.0.1:9/jwks', jwksCacheMs: 0, jwksCooldownMs: 5 },
      integrityJwksFile: '/k/i.json', reportJwksFile: '/k/r.json',
      limits: { maxSubmitBodyBytes: 3, maxSelections: 4, maxDirectives: 0, maxFragmentSpreads: 0, maxFieldMerges: 0 },
      cacheBytes: 1024 * 1024, responseCache: { bytes: 0, ttlMs: 1 },
      corsOrigins: ['https://a.example', 'http://127.0.0.1:8080'], console: { enabled: true, explorer: false }, metricsPort: 9464,
      subgraphUrls: {
        enterprise: 'http://127.0.0.1:1/graphql', 'social-org': 'http://127.0.0.1:3/graphql',
        finance: 'http://127.0.0.1:4/graphql', platform: 'http://127.0.0.1:5/graphql',
      },
      platformDatabaseUrl: 'file:/elsewhere/platform.db',
    });
    expect(Object.isFrozen(c.corsOrigins)).toBe(true);
  });

  it('turns the explorer off in production unless asked, and both pages off with CONSOLE=off', () => {
    const prod = { ...valid, NODE_ENV: 'production', JWT_JWKS_FILE: '/etc/idp.json' };
    expect(loadGatewayConfig(prod).console).toEqual({ enabled: true, explorer: false });
    expect(loadGatewayConfig({ ...prod, CONSOLE_EXPLORER: 'on' }).console).toEqual({ enabled: true, explorer: true });
    expect(loadGatewayConfig({ ...valid, CONSOLE: 'off', CONSOLE_EXPLORER: 'on' }).console).toEqual({ enabled: false, explorer: false });
  });

  it('refuses values outside each bound, naming the variable', () => {
    expect(issues(() => loadGatewayConfig({
      ...valid, GATEWAY_CACHE_BYTES: String(1024 * 1024 - 1), METERING_FLUSH_MS: '9', SUBGRAPH_TIMEOUT_MS: '0', MAX_DIRECTIVES: '-1',
      RESPONSE_CACHE_TTL_MS: '0', TRUST_PROXY_HOPS: '1.5', METRICS_PORT: '65536', CONSOLE: 'maybe',
      CORS_ORIGINS: 'https://a.example/path', JWT_JWKS_URL: 'ftp://idp/jwks', PORT: '-1',
    })).sort()).toEqual([
      'CONSOLE: Invalid option: expected one of "on"|"off"',
      'CORS_ORIGINS.0: each entry must be an origin: scheme://host[:port], no path, lower case',
      'GATEWAY_CACHE_BYTES: Too small: expected number to be >=1048576',
      'JWT_JWKS_URL: JWT_JWKS_URL must be an http(s) URL',
      'MAX_DIRECTIVES: Too small: expected number to be >=0',
      'METERING_FLUSH_MS: Too small: expected number to be >=10',
      'METRICS_PORT: Too big: expected number to be <=65535',
      'PORT: Too small: expected number to be >=0',
      'RESPONSE_CACHE_TTL_MS: Too small: expected number to be >=1',
      'SUBGRAPH_TIMEOUT_MS: Too small: expected number to be >=1',
      'TRUST_PROXY_HOPS: Invalid input: expected int, received number',
    ]);
  });
});

describe('URLs and origins', () => {
  it('accept only http and https for the identity provider\'s JWKS, not a scheme that merely contains one', () => {
    for (const url of ['xhttp://idp.example/jwks', 'httpsx://idp.example/jwks', 'shttp://idp.example/jwks']) {
      expect(issues(() => loadGatewayConfig({ ...valid, JWT_JWKS_URL: url }))).toEqual(['JWT_JWKS_URL: JWT_JWKS_URL must be an http(s) URL']);
    }
    expect(loadGatewayConfig({ ...valid, JWT_JWKS_URL: 'http://idp.example/jwks' }).jwt.jwksUrl).toBe('http://idp.example/jwks');
  });

  it('refuses a CORS entry that is no URL at all', () => {
    expect(issues(() => loadGatewayConfig({ ...valid, CORS_ORIGINS: 'https://a.example,a.example' })))
      .toEqual(['CORS_ORIGINS.1: each entry must be an origin: scheme://host[:port], no path, lower case']);
  });
});
