/** Builds (never starts) the finance subgraph: financial partners, credit-easy loan products and loans. */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { SubgraphConfig } from '../../lib/config.ts';
import { createReadiness } from '../../lib/db/readiness.ts';
import type { Logger } from '../../lib/logger.ts';
import { createSubgraphServer } from '../../lib/subgraph-server.ts';
import type { Context } from './context.ts';
import type { Db } from './db/client.ts';
import { createLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';

export const name = 'finance';
export const typeDefs = readFileSync(new URL('../../schema/finance.graphql', import.meta.url), 'utf8');
export { resolvers };

export interface ServerDeps {
  db: Db;
  logger: Logger;
  config: Pick<SubgraphConfig, 'callerSecret' | 'production' | 'provider' | 'databaseUrl'>;
}

export function createServer({ db, logger, config }: ServerDeps): FastifyInstance {
  return createSubgraphServer<Context>({
    name,
    typeDefs,
    resolvers,
    logger,
    callerSecret: config.callerSecret,
    production: config.production,
    createContext: (caller) => ({
      caller,
      db,
      loaders: createLoaders(db),
      log: logger.child({ requestId: caller.requestId }),
    }),
    readiness: createReadiness(db, { subgraph: name, provider: config.provider, url: config.databaseUrl }),
  });
}
