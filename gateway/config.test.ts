import { describe, expect, it } from '@jest/globals';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { ConfigError, databaseUrl, loadSubgraphConfig, toBaseConfig, baseSchema } from '../lib/config.ts';
import { loadGatewayConfig } from './config.ts';

const valid = { CALLER_SIGNING_SECRET: 'c'.repeat(32), DATA_DIR: '/tmp/creditgraph-test' };

function issues(load: () => unknown): string[] {
  try {
    load();
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  return [];
}

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

describe('the shared config (lib/config.ts)', () => {
  it('gives each subgraph its port and database, and resolves DATA_DIR', () => {
    expect(loadSubgraphConfig('social-org', { ...valid, DATA_DIR: 'rel/dir' })).toMatchObject({
      name: 'social-org', port: 4003, dataDir: resolve('rel/dir'), databaseUrl: `file:${resolve('rel/dir', 'social-org.db')}`,
    });
    expect(loadSubgraphConfig('finance', { ...valid, FINANCE_PORT: '5004', FINANCE_DATABASE_URL: 'file:/x.db' })).toMatchObject({ port: 5004, databaseUrl: 'file:/x.db' });
    expect(issues(() => loadSubgraphConfig('person', { ...valid, PERSON_PORT: 'many' }))).toEqual(['PERSON_PORT: Invalid input: expected number, received NaN']);
  });

  it('reads production from NODE_ENV only', () => {
    const base = (env: Record<string, string>) => toBaseConfig(baseSchema.parse({ ...valid, ...env }));
    expect(base({ NODE_ENV: 'production' }).production).toBe(true);
    expect(base({ NODE_ENV: 'test' }).production).toBe(false);
    expect(base({}).nodeEnv).toBe('development');
    expect(databaseUrl('enterprise', base({}), {})).toBe('file:/tmp/creditgraph-test/enterprise.db');
  });
});
