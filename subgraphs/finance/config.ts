/**
 * The finance subgraph's configuration: the shared subgraph settings plus where the enterprise
 * subgraph answers (a reported application reads the borrower's industry and region there) and
 * where the platform subgraph does (a lender is tied only to a FINANCIAL institution it knows).
 * Read once in main(), frozen, passed down.
 */
import { z } from 'zod';
import { baseSchema, DEFAULT_PORTS, loadSubgraphConfigWith, type SubgraphConfig } from '../../lib/config.ts';

const financeSchema = z.object({
  HOST: baseSchema.shape.HOST,
  ENTERPRISE_URL: z.url('ENTERPRISE_URL must be a URL').optional(),
  ENTERPRISE_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  PLATFORM_URL: z.url('PLATFORM_URL must be a URL').optional(),
  PLATFORM_PORT: z.coerce.number().int().min(1).max(65535).optional(),
}).transform((own) => ({
  /** `ENTERPRISE_URL`, else the enterprise subgraph's port (`ENTERPRISE_PORT`, default 4001) on this host. */
  enterpriseUrl: own.ENTERPRISE_URL ?? `http://${own.HOST}:${own.ENTERPRISE_PORT ?? DEFAULT_PORTS.enterprise}/graphql`,
  /** `PLATFORM_URL`, else the platform subgraph's port (`PLATFORM_PORT`, default 4005) on this host. */
  platformUrl: own.PLATFORM_URL ?? `http://${own.HOST}:${own.PLATFORM_PORT ?? DEFAULT_PORTS.platform}/graphql`,
}));

export type FinanceConfig = SubgraphConfig & z.infer<typeof financeSchema>;

/** Validates every variable the finance subgraph reads; one ConfigError lists every bad key. */
export function loadFinanceConfig(env: Record<string, string | undefined>): Readonly<FinanceConfig> {
  return loadSubgraphConfigWith('finance', financeSchema, env);
}
