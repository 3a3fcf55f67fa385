/**
 * The finance subgraph's configuration: the shared subgraph settings plus where the enterprise
 * subgraph answers (a reported application reads the borrower's industry and region there). Read
 * once in main(), frozen, passed down.
 */
import { z } from 'zod';
import { DEFAULT_PORTS, loadSubgraphConfigWith, type SubgraphConfig } from '../../lib/config.ts';

export interface FinanceConfig extends SubgraphConfig {
  /** `ENTERPRISE_URL`, else the enterprise subgraph's port (`ENTERPRISE_PORT`, default 4001) on this host. */
  enterpriseUrl: string;
}

const ownSchema = z.object({
  ENTERPRISE_URL: z.url('ENTERPRISE_URL must be a URL').optional(),
  ENTERPRISE_PORT: z.coerce.number().int().min(1).max(65535).optional(),
});

/** Validates every variable the finance subgraph reads; one ConfigError lists every bad key. */
export function loadFinanceConfig(env: Record<string, string | undefined>): Readonly<FinanceConfig> {
  const { base, own } = loadSubgraphConfigWith('finance', ownSchema, env);
  return Object.freeze({
    ...base,
    enterpriseUrl: own.ENTERPRISE_URL ?? `http://${base.host}:${own.ENTERPRISE_PORT ?? DEFAULT_PORTS.enterprise}/graphql`,
  });
}
