import { describe, expect, it } from '@jest/globals';
import { resolve } from 'node:path';
import { z } from 'zod';
import {
  baseSchema, ConfigError, databaseUrl, DEFAULT_PORTS, envPrefix, holidayCalendarSchema, loadSubgraphConfig, loadSubgraphConfigWith,
  parseEnv, SUBGRAPHS, toBaseConfig,
} from './config.ts';
import { configIssues as issues } from './test-support.ts';

// The shared settings every process reads (lib/config.ts), apart from any one loader: the gateway's
// and each subgraph's own variables are tested beside their loaders (gateway/config.test.ts,
// subgraphs/<name>/config.test.ts).
const valid = { CALLER_SIGNING_SECRET: 'c'.repeat(32), DATA_DIR: '/tmp/creditgraph-test' };

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

describe('the shared settings of every process (lib/config.ts)', () => {
  it('take each variable as given, and refuse values outside their lists', () => {
    const c = loadSubgraphConfig('enterprise', {
      ...valid, NODE_ENV: 'test', LOG_LEVEL: 'silent', HOST: '0.0.0.0', DATABASE_PROVIDER: 'postgresql',
      ENTERPRISE_DATABASE_URL: 'postgresql://db/e', METRICS_TOKEN: 't'.repeat(16), OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example',
      ENTERPRISE_METRICS_PORT: '9465',
    });
    expect(c).toEqual({
      production: false, nodeEnv: 'test', dataDir: '/tmp/creditgraph-test', provider: 'postgresql', logLevel: 'silent', host: '0.0.0.0',
      callerSecret: 'c'.repeat(32), metricsToken: 't'.repeat(16), otlpEndpoint: 'https://otel.example',
      name: 'enterprise', port: 4001, databaseUrl: 'postgresql://db/e', metricsPort: 9465,
    });
    expect(Object.isFrozen(c)).toBe(true);
    expect(issues(() => loadSubgraphConfig('platform', {
      ...valid, NODE_ENV: 'staging', LOG_LEVEL: 'loud', DATABASE_PROVIDER: 'mysql', METRICS_TOKEN: 'short', OTEL_EXPORTER_OTLP_ENDPOINT: 'file:///x',
    })).sort()).toEqual([
      'DATABASE_PROVIDER: Invalid option: expected one of "sqlite"|"postgresql"',
      'LOG_LEVEL: Invalid option: expected one of "fatal"|"error"|"warn"|"info"|"debug"|"trace"|"silent"',
      'METRICS_TOKEN: METRICS_TOKEN must be at least 16 characters',
      'NODE_ENV: Invalid option: expected one of "development"|"production"|"test"',
      'OTEL_EXPORTER_OTLP_ENDPOINT: OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL',
    ]);
  });

  it('give each subgraph its default port and a SQLite file named after it under DATA_DIR, ./data by default', () => {
    const ports = ['enterprise', 'person', 'social-org', 'finance', 'platform'].map((n) => loadSubgraphConfig(n as 'person', valid).port);
    expect(ports).toEqual([4001, 4002, 4003, 4004, 4005]);
    expect(loadSubgraphConfig('social-org', { CALLER_SIGNING_SECRET: valid.CALLER_SIGNING_SECRET })).toMatchObject({
      dataDir: resolve('./data'), databaseUrl: `file:${resolve('./data/social-org.db')}`, metricsPort: null, metricsToken: null, otlpEndpoint: null,
    });
    expect(loadSubgraphConfig('social-org', { ...valid, SOCIAL_ORG_PORT: '1', SOCIAL_ORG_METRICS_PORT: '2' })).toMatchObject({ port: 1, metricsPort: 2 });
    expect(issues(() => loadSubgraphConfig('social-org', { ...valid, DATABASE_PROVIDER: 'postgresql' })))
      .toEqual(['SOCIAL_ORG_DATABASE_URL: required when DATABASE_PROVIDER=postgresql']);
  });

  it('say what is wrong in one error listing every issue', () => {
    let err: unknown;
    try { loadSubgraphConfig('person', { CALLER_SIGNING_SECRET: 'x', PERSON_PORT: '-2' }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).name).toBe('ConfigError');
    expect((err as ConfigError).message).toBe('invalid configuration:\n- CALLER_SIGNING_SECRET: CALLER_SIGNING_SECRET must be at least 32 characters');
  });
});

describe('what a configuration error says', () => {
  it('puts each issue on a line of its own', () => {
    expect(new ConfigError(['A: bad', 'B: worse']).message).toBe('invalid configuration:\n- A: bad\n- B: worse');
  });

  it('names the environment as a whole when an issue has no variable', () => {
    expect(issues(() => parseEnv(z.object({}).refine(() => false, 'no combination fits'), {}))).toEqual(['(env): no combination fits']);
  });

  it('lets an error that is not about the configuration through as it is, not as a ConfigError', () => {
    const broken = z.object({}).transform((): object => { throw new TypeError('a bug in the transform'); });
    expect(() => loadSubgraphConfigWith('person', broken, valid)).toThrow(new TypeError('a bug in the transform'));
  });
});


describe('the shared settings left unset', () => {
  it('has its documented defaults: development, ./data, SQLite, info, 127.0.0.1, no metrics token, no tracing', () => {
    expect(loadSubgraphConfig('finance', { CALLER_SIGNING_SECRET: 'c'.repeat(32) })).toEqual({
      production: false, nodeEnv: 'development', dataDir: resolve('./data'), provider: 'sqlite', logLevel: 'info', host: '127.0.0.1',
      callerSecret: 'c'.repeat(32), metricsToken: null, otlpEndpoint: null,
      name: 'finance', port: 4004, databaseUrl: `file:${resolve('./data/finance.db')}`, metricsPort: null,
    });
  });
});

describe('the bounds of the shared settings', () => {
  it('takes a port from 0 to 65535, whole, and refuses the rest', () => {
    expect(loadSubgraphConfig('finance', { ...valid, FINANCE_PORT: '0', FINANCE_METRICS_PORT: '65535' })).toMatchObject({ port: 0, metricsPort: 65535 });
    expect(issues(() => loadSubgraphConfig('finance', { ...valid, FINANCE_PORT: '-1', FINANCE_METRICS_PORT: '65536' })).sort()).toEqual([
      'FINANCE_METRICS_PORT: Too big: expected number to be <=65535',
      'FINANCE_PORT: Too small: expected number to be >=0',
    ]);
    expect(issues(() => loadSubgraphConfig('finance', { ...valid, FINANCE_PORT: '4004.5' }))).toEqual(['FINANCE_PORT: Invalid input: expected int, received number']);
  });

  it('takes a caller signing secret of 32 characters, not 31', () => {
    expect(loadSubgraphConfig('person', { ...valid, CALLER_SIGNING_SECRET: 's'.repeat(32) }).callerSecret).toBe('s'.repeat(32));
    expect(issues(() => loadSubgraphConfig('person', { ...valid, CALLER_SIGNING_SECRET: 's'.repeat(31) })))
      .toEqual(['CALLER_SIGNING_SECRET: CALLER_SIGNING_SECRET must be at least 32 characters']);
  });

  it('refuses to start without a caller signing secret', () => {
    expect(issues(() => loadSubgraphConfig('person', { DATA_DIR: '/tmp/creditgraph-test' })))
      .toEqual(['CALLER_SIGNING_SECRET: Invalid input: expected string, received undefined']);
  });

  it('takes a metrics token of 16 characters, not 15', () => {
    expect(loadSubgraphConfig('person', { ...valid, METRICS_TOKEN: 'm'.repeat(16) }).metricsToken).toBe('m'.repeat(16));
    expect(issues(() => loadSubgraphConfig('person', { ...valid, METRICS_TOKEN: 'm'.repeat(15) })))
      .toEqual(['METRICS_TOKEN: METRICS_TOKEN must be at least 16 characters']);
  });

  it('accepts only http and https for the OTLP collector, not a scheme that merely contains one', () => {
    for (const url of ['xhttp://otel.example', 'httpsx://otel.example', 'shttp://otel.example', 'ftp://otel.example']) {
      expect(issues(() => loadSubgraphConfig('person', { ...valid, OTEL_EXPORTER_OTLP_ENDPOINT: url })))
        .toEqual(['OTEL_EXPORTER_OTLP_ENDPOINT: OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL']);
    }
    expect(loadSubgraphConfig('person', { ...valid, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel.example' }).otlpEndpoint).toBe('http://otel.example');
    expect(loadSubgraphConfig('person', { ...valid, OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example:4318' }).otlpEndpoint).toBe('https://otel.example:4318');
  });

  it('takes every log level pino knows, and every NODE_ENV but production as not production', () => {
    for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) {
      expect(loadSubgraphConfig('person', { ...valid, LOG_LEVEL: level }).logLevel).toBe(level);
    }
    const production = (NODE_ENV: string) => loadSubgraphConfig('person', { ...valid, NODE_ENV }).production;
    expect([production('development'), production('test'), production('production')]).toEqual([false, false, true]);
  });
});

describe('the names the shared settings are read under', () => {
  it('prefixes a subgraph\'s variables with its name in upper case, every hyphen an underscore', () => {
    expect(SUBGRAPHS.map(envPrefix)).toEqual(['ENTERPRISE', 'PERSON', 'SOCIAL_ORG', 'FINANCE', 'PLATFORM']);
    expect(envPrefix('a-b-c')).toBe('A_B_C');
  });

  it('gives the gateway port 4000 and the subgraphs the five after it, in the order of SUBGRAPHS', () => {
    expect(DEFAULT_PORTS).toEqual({ gateway: 4000, enterprise: 4001, person: 4002, 'social-org': 4003, finance: 4004, platform: 4005 });
  });

  it('reads a subgraph\'s port, metrics port and database URL under its own prefix only', () => {
    const env = { ...valid, PERSON_PORT: '5002', PERSON_METRICS_PORT: '9002', PERSON_DATABASE_URL: 'file:/p.db' };
    expect(loadSubgraphConfig('person', env)).toMatchObject({ port: 5002, metricsPort: 9002, databaseUrl: 'file:/p.db' });
    expect(loadSubgraphConfig('finance', env)).toMatchObject({ port: 4004, metricsPort: null, databaseUrl: 'file:/tmp/creditgraph-test/finance.db' });
  });

  it('takes the SQLite file under DATA_DIR when a subgraph\'s database URL is set but empty', () => {
    expect(loadSubgraphConfig('platform', { ...valid, PLATFORM_DATABASE_URL: '' }).databaseUrl).toBe('file:/tmp/creditgraph-test/platform.db');
  });
});

describe('a subgraph\'s own settings beside the shared ones (loadSubgraphConfigWith)', () => {
  const own = z.object({ COLOUR: z.enum(['red', 'blue']).default('red') }).transform((e) => ({ colour: e.COLOUR }));

  it('returns the shared settings and the subgraph\'s own in one frozen object', () => {
    const c = loadSubgraphConfigWith('finance', own, { ...valid, COLOUR: 'blue' });
    expect(c).toMatchObject({ name: 'finance', port: 4004, callerSecret: 'c'.repeat(32), colour: 'blue' });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('lists the shared settings\' issues and its own in one error, the shared ones first', () => {
    expect(issues(() => loadSubgraphConfigWith('finance', own, { CALLER_SIGNING_SECRET: 'short', FINANCE_PORT: 'x', COLOUR: 'green' }))).toEqual([
      'CALLER_SIGNING_SECRET: CALLER_SIGNING_SECRET must be at least 32 characters',
      'COLOUR: Invalid option: expected one of "red"|"blue"',
    ]);
  });

  it('refuses when only the subgraph\'s own settings are wrong, and when only the shared ones are', () => {
    expect(issues(() => loadSubgraphConfigWith('finance', own, { ...valid, COLOUR: 'green' }))).toEqual(['COLOUR: Invalid option: expected one of "red"|"blue"']);
    expect(issues(() => loadSubgraphConfigWith('finance', own, { ...valid, FINANCE_PORT: '-1' }))).toEqual(['FINANCE_PORT: Too small: expected number to be >=0']);
    expect(issues(() => loadSubgraphConfigWith('finance', own, { ...valid, DATABASE_PROVIDER: 'postgresql' })))
      .toEqual(['FINANCE_DATABASE_URL: required when DATABASE_PROVIDER=postgresql']);
  });
});

describe('the holiday calendar\'s variable', () => {
  it('is optional, and names a file when set', () => {
    expect(parseEnv(holidayCalendarSchema, {})).toEqual({});
    expect(parseEnv(holidayCalendarSchema, { HOLIDAY_CALENDAR_FILE: '/c.json' })).toEqual({ HOLIDAY_CALENDAR_FILE: '/c.json' });
    expect(issues(() => parseEnv(holidayCalendarSchema, { HOLIDAY_CALENDAR_FILE: '' }))).toEqual(['HOLIDAY_CALENDAR_FILE: HOLIDAY_CALENDAR_FILE must name a file']);
  });
});

describe('how an issue names its variable', () => {
  it('joins the path of a nested value with dots', () => {
    const nested = z.object({ A: z.object({ B: z.string() }) });
    expect(issues(() => parseEnv(nested as unknown as z.ZodType, { A: { B: 1 } } as unknown as Record<string, string>)))
      .toEqual(['A.B: Invalid input: expected string, received number']);
  });
});
