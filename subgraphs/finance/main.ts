/** The finance subgraph: financial partners, credit-easy loan products and loans. `tsx subgraphs/finance/main.ts` runs it. */
import { defineSubgraph, openWith, runWhenMain } from '../../lib/subgraph.ts';
import { loadFinanceConfig, type FinanceConfig } from './config.ts';
import type { Context, FinanceDeps } from './context.ts';
import { clientModules, type Db } from './db/client.ts';
import { createLoaders } from './loaders.ts';
import { institutionsFromPlatformSubgraph } from './lenders.ts';
import { borrowersFromEnterpriseSubgraph } from './loans/borrowers.ts';
import { resolvers } from './resolvers/index.ts';

export const subgraph = defineSubgraph<Context, Db, FinanceConfig, FinanceDeps>({
  name: 'finance',
  resolvers,
  loadConfig: loadFinanceConfig,
  openDb: openWith(clientModules),
  setup: ({ config, given }) => {
    const enterpriseUrl = given.enterpriseUrl ?? (() => config.enterpriseUrl);
    const platformUrl = given.platformUrl ?? (() => config.platformUrl);
    return {
      enterpriseUrl, platformUrl,
      borrowers: given.borrowers ?? borrowersFromEnterpriseSubgraph(enterpriseUrl, config.callerSecret),
      institutions: given.institutions ?? institutionsFromPlatformSubgraph(platformUrl, config.callerSecret),
    };
  },
  context: ({ db }, { borrowers, institutions }) => ({ loaders: createLoaders(db), borrowers, institutions }),
});
export const startSubgraph = subgraph.start;

runWhenMain(import.meta.url, subgraph);
