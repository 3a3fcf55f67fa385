/** The enterprise subgraph as a module: name, typeDefs, resolvers, and a server builder (no I/O). */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { SubgraphConfig } from '../../lib/config.ts';
import { pendingMigrations } from '../../lib/db/migrations.ts';
import type { Logger } from '../../lib/logger.ts';
import { createSubgraphServer } from '../../lib/subgraph-server.ts';
import type { Context } from './context.ts';
import { ping, type Db } from './db/client.ts';
import { createLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { todayCST } from './today.ts';
import type { HolidayCalendar } from './working-days.ts';

export const name = 'enterprise';
export const typeDefs = readFileSync(new URL('../../schema/enterprise.graphql', import.meta.url), 'utf8');
export { resolvers };

export interface ServerDeps {
  db: Db;
  logger: Logger;
  config: Pick<SubgraphConfig, 'callerSecret' | 'production' | 'benchUnsignedCalls' | 'provider' | 'databaseUrl'>;
  /** The clock for publicity periods and deadlines (tests move it). */
  now?: () => Date;
  /** Public holidays and make-up working days (main.ts reads the configured file). */
  calendar: HolidayCalendar;
}

export function createServer({ db, logger, config, calendar, now = () => new Date() }: ServerDeps): FastifyInstance {
  return createSubgraphServer<Context>({
    name,
    typeDefs,
    resolvers,
    logger,
    callerSecret: config.callerSecret,
    production: config.production,
    allowUnsigned: config.benchUnsignedCalls,
    createContext: (caller) => {
      const instant = now();
      const today = todayCST(instant);
      return {
        caller, db, today, now: instant, calendar, provider: config.provider,
        log: logger.child({ requestId: caller.requestId }), loaders: createLoaders(db, caller, { today }),
      };
    },
    readiness: async () => {
      await ping(db);
      const pending = await pendingMigrations({ subgraph: name, provider: config.provider, url: config.databaseUrl });
      if (pending.length > 0) throw new Error(`pending migrations: ${pending.join(', ')}`);
    },
  });
}
