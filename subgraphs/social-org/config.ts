/**
 * The social-org subgraph's configuration: the shared subgraph settings, the catalogue its
 * collected records are checked against and their daily retention run (issue 13: the same
 * RETENTION_* variables as the enterprise subgraph's). Read once in main(), frozen, passed down.
 */
import { z } from 'zod';
import { DEFAULT_CATALOGUE_FILE } from '../../lib/catalogue/index.ts';
import { retentionOf, retentionSchema } from '../../lib/collection/retention.ts';
import { loadSubgraphConfigWith, type SubgraphConfig } from '../../lib/config.ts';

const socialOrgSchema = z.object({
  CATALOGUE_FILE: z.string().min(1, 'CATALOGUE_FILE must name a file').optional(),
}).extend(retentionSchema.shape).transform((own) => ({
  /** `CATALOGUE_FILE`: the catalogue records are collected against (the enterprise subgraph's, the same file). */
  catalogueFile: own.CATALOGUE_FILE ?? DEFAULT_CATALOGUE_FILE,
  /** `RETENTION_HOUR_CST`, `RETENTION_NEGATIVE_YEARS` (db/retention.ts). */
  retention: retentionOf(own),
}));

export type SocialOrgConfig = SubgraphConfig & z.infer<typeof socialOrgSchema>;

/** Validates every variable the social-org subgraph reads; one ConfigError lists every bad key. */
export function loadSocialOrgConfig(env: Record<string, string | undefined>): Readonly<SocialOrgConfig> {
  return loadSubgraphConfigWith('social-org', socialOrgSchema, env);
}
