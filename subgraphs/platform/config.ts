/**
 * The platform subgraph's configuration: the shared subgraph settings plus monitoring's (the change
 * log it follows, and how webhooks are delivered). Read once in main(), frozen, passed down.
 */
import { z } from 'zod';
import { loadSubgraphConfigWith, type SubgraphConfig } from '../../lib/config.ts';
import { parseNetworks } from './monitoring/address-guard.ts';
import { DEFAULT_CATALOGUE_FILE } from '../../lib/catalogue/index.ts';

/** A message's retry window (issue 14: 24 h); the CLI's replays use it too. */
export const DEFAULT_RETRY_WINDOW_MS = 24 * 3600_000;

const ms = (min: number, fallback: number) => z.coerce.number().int().min(min).default(fallback);

const platformSchema = z.object({
  ENTERPRISE_URL: z.url('ENTERPRISE_URL must be a URL').optional(),
  PERSON_URL: z.url('PERSON_URL must be a URL').optional(),
  SOCIAL_ORG_URL: z.url('SOCIAL_ORG_URL must be a URL').optional(),
  MONITORING_DISPATCH: z.enum(['true', 'false']).default('true'),
  WEBHOOK_ALLOWED_NETWORKS: z.string().default('').refine((s) => {
    try { parseNetworks(s); return true; } catch { return false; }
  }, 'WEBHOOK_ALLOWED_NETWORKS must be comma-separated CIDRs such as 127.0.0.0/8,::1/128'),
  WEBHOOK_TIMEOUT_MS: ms(100, 10_000),
  WEBHOOK_RETRY_BASE_MS: ms(1, 5_000),
  WEBHOOK_RETRY_WINDOW_MS: ms(1, DEFAULT_RETRY_WINDOW_MS),
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /** CATALOGUE_FILE: the platform's own catalogue, as the enterprise subgraph reads it (monitoring withholds its restricted items). */
  CATALOGUE_FILE: z.string().min(1, 'CATALOGUE_FILE must name a file').optional(),
}).transform((own) => ({
  catalogueFile: own.CATALOGUE_FILE ?? DEFAULT_CATALOGUE_FILE,
  monitoring: Object.freeze({
    /**
     * `ENTERPRISE_URL`: the enterprise subgraph whose change log monitoring follows (its /graphql URL,
     * as the gateway has it; the follower uses its origin). Unset: no matcher runs in this process.
     */
    changeLogUrl: own.ENTERPRISE_URL ? new URL(own.ENTERPRISE_URL).origin : null,
    /**
     * `PERSON_URL`: the person subgraph, whose change log monitoring follows too and which decides,
     * at watch and at each delivery, whether a person's consent covers monitoring (issue 14).
     * Unset: persons cannot be watched.
     */
    personUrl: own.PERSON_URL ? new URL(own.PERSON_URL).origin : null,
    /**
     * `SOCIAL_ORG_URL`: the social-org subgraph, whose change log monitoring follows too (issue 13:
     * collected social-organisation records). Unset: a watched organisation's records are not heard of.
     */
    socialOrgUrl: own.SOCIAL_ORG_URL ? new URL(own.SOCIAL_ORG_URL).origin : null,
    /** `MONITORING_DISPATCH`: this process sends webhooks (default true; a second replica may say false). */
    dispatch: own.MONITORING_DISPATCH === 'true',
    /**
     * `WEBHOOK_ALLOWED_NETWORKS`: comma-separated CIDRs (127.0.0.0/8, 10.1.2.0/24, ::1/128) a webhook
     * may reach although they are loopback, private, link-local or metadata addresses: the operator's
     * allowlist. Default none.
     */
    allowedNetworks: Object.freeze(parseNetworks(own.WEBHOOK_ALLOWED_NETWORKS)),
    /** `WEBHOOK_TIMEOUT_MS`: one attempt's limit, connect to last byte (default 10 s). */
    timeoutMs: own.WEBHOOK_TIMEOUT_MS,
    /** `WEBHOOK_RETRY_BASE_MS`: the first retry's delay; each next one doubles, with jitter, up to an hour (default 5 s). */
    retryBaseMs: own.WEBHOOK_RETRY_BASE_MS,
    /** `WEBHOOK_RETRY_WINDOW_MS`: how long a message is retried before it is a dead letter (default 24 h). */
    retryWindowMs: own.WEBHOOK_RETRY_WINDOW_MS,
    /** `WEBHOOK_CONCURRENCY`: attempts in flight per receiver (default 16): one receiver's slowness stays within them. */
    concurrency: own.WEBHOOK_CONCURRENCY,
  }),
}));

export type PlatformConfig = SubgraphConfig & z.infer<typeof platformSchema>;
export type MonitoringConfig = PlatformConfig['monitoring'];

/** Validates every variable the platform subgraph reads; one ConfigError lists every bad key. */
export function loadPlatformConfig(env: Record<string, string | undefined>): Readonly<PlatformConfig> {
  return loadSubgraphConfigWith('platform', platformSchema, env);
}
