/**
 * Configuration, read once per process from the environment, validated, frozen, passed down.
 * No other module reads `process.env`. Every bad key is listed in one error.
 */
import { resolve } from 'node:path';
import { z } from 'zod';

export const SUBGRAPHS = ['enterprise', 'person', 'social-org', 'finance', 'platform'] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number];
export type DatabaseProvider = 'sqlite' | 'postgresql';

export const DEFAULT_PORTS: Record<SubgraphName | 'gateway', number> = {
  gateway: 4000, enterprise: 4001, person: 4002, 'social-org': 4003, finance: 4004, platform: 4005,
};

/** `social-org` → `SOCIAL_ORG`: the prefix of a subgraph's variables. */
export const envPrefix = (name: string) => name.toUpperCase().replace(/-/g, '_');

const port = z.coerce.number().int().min(0).max(65535);
const secret = (what: string) => z.string().min(32, `${what} must be at least 32 characters`);

export const baseSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_PROVIDER: z.enum(['sqlite', 'postgresql']).default('sqlite'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('127.0.0.1'),
  CALLER_SIGNING_SECRET: secret('CALLER_SIGNING_SECRET'),
  // Operating (lib/observability/): `/metrics` behind this bearer token on the service's port
  // (unset: not there), and traces exported over OTLP/HTTP to this collector (unset: none sent).
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/, error: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL' }).optional(),
});

/**
 * HOLIDAY_CALENDAR_FILE: the working-day calendar (format: lib/calendar/cn-holidays.json) of the
 * subgraphs whose deadlines count working days (enterprise, person); unset, the shipped one.
 */
export const holidayCalendarSchema = z.object({
  HOLIDAY_CALENDAR_FILE: z.string().min(1, 'HOLIDAY_CALENDAR_FILE must name a file').optional(),
});

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid configuration:\n${issues.map((i) => `- ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  return result.data;
}

/** The shared settings as the code reads them (their type, `BaseConfig`, is inferred from here, not written twice). */
export function toBaseConfig(e: z.infer<typeof baseSchema>) {
  return {
    production: e.NODE_ENV === 'production',
    nodeEnv: e.NODE_ENV,
    dataDir: resolve(e.DATA_DIR),
    provider: e.DATABASE_PROVIDER,
    logLevel: e.LOG_LEVEL,
    host: e.HOST,
    callerSecret: e.CALLER_SIGNING_SECRET,
    /** Bearer token of `/metrics` on the service's own port; null: not served there. */
    metricsToken: e.METRICS_TOKEN ?? null,
    /** OTLP/HTTP collector (its base URL; traces go to `/v1/traces`); null: tracing off, nothing sent. */
    otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT ?? null,
  };
}

export const baseConfigSchema = baseSchema.transform(toBaseConfig);
export type BaseConfig = z.infer<typeof baseConfigSchema>;

/** The database URL of a subgraph: `<NAME>_DATABASE_URL`, or a SQLite file under DATA_DIR. */
export function databaseUrl(name: SubgraphName, base: BaseConfig, env: Record<string, string | undefined>): string {
  const explicit = env[`${envPrefix(name)}_DATABASE_URL`];
  if (explicit) return explicit;
  if (base.provider === 'postgresql') {
    throw new ConfigError([`${envPrefix(name)}_DATABASE_URL: required when DATABASE_PROVIDER=postgresql`]);
  }
  return `file:${resolve(base.dataDir, `${name}.db`)}`;
}

export type SubgraphConfig = ReturnType<typeof loadSubgraphConfig>;

/**
 * The shared settings of subgraph `name` and its own (`schema`: its variables, transformed into its
 * settings, whose type is the subgraph's config type beside `SubgraphConfig`), checked together: one
 * ConfigError lists every bad key of both.
 */
export function loadSubgraphConfigWith<S extends z.ZodType<object>>(
  name: SubgraphName, schema: S, env: Record<string, string | undefined>,
): Readonly<SubgraphConfig & z.infer<S>> {
  const issues: string[] = [];
  const attempt = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      issues.push(...err.issues);
      return undefined;
    }
  };
  const base = attempt(() => loadSubgraphConfig(name, env));
  const own = attempt(() => parseEnv(schema, env));
  if (base === undefined || own === undefined) throw new ConfigError(issues);
  return Object.freeze({ ...base, ...own });
}

/** The shared settings of subgraph `name` (its port and database are named after it: `<NAME>_PORT`). */
export function loadSubgraphConfig(name: SubgraphName, env: Record<string, string | undefined>) {
  const base = parseEnv(baseConfigSchema, env);
  const portKey = `${envPrefix(name)}_PORT`;
  const metricsKey = `${envPrefix(name)}_METRICS_PORT`;
  const p = parseEnv(z.object({ [portKey]: port.default(DEFAULT_PORTS[name]), [metricsKey]: port.optional() }), env) as Record<string, number | undefined>;
  return Object.freeze({
    ...base,
    name,
    port: p[portKey]!,
    databaseUrl: databaseUrl(name, base, env),
    /** `/metrics` on a port of its own (`<NAME>_METRICS_PORT`); null: none. */
    metricsPort: p[metricsKey] ?? null,
  });
}
