/** Builds (never starts) the platform subgraph: institutions, their keys and plans, usage reports, and who is calling. */
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

export const name = 'platform';
export const typeDefs = readFileSync(new URL('../../schema/platform.graphql', import.meta.url), 'utf8');
export { resolvers };

export interface ServerDeps {
  db: Db;
  logger: Logger;
  config: Pick<SubgraphConfig, 'callerSecret' | 'production' | 'provider' | 'databaseUrl'>;
  /** The clock that stamps createdAt / revokedAt; tests fix it. */
  now?: () => Date;
}

export function createServer({ db, logger, config, now = () => new Date() }: ServerDeps): FastifyInstance {
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
      now,
    }),
    readiness: createReadiness(db, { subgraph: name, provider: config.provider, url: config.databaseUrl }),
  });
}
