/** The enterprise subgraph as a module: name, typeDefs, resolvers, and a server builder (no I/O). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadCatalogue, type Catalogue } from '../../lib/catalogue/index.ts';
import type { SubgraphConfig } from '../../lib/config.ts';
import { createReadiness } from '../../lib/db/readiness.ts';
import type { Logger } from '../../lib/logger.ts';
import { createSubgraphServer } from '../../lib/subgraph-server.ts';
import { todayCST } from '../../lib/time.ts';
import type { HolidayCalendar } from '../../lib/working-days.ts';
import type { Context } from './context.ts';
import type { Db } from './db/client.ts';
import { registerIngestRoutes } from './collection/ingest/routes.ts';
import { createLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';

export const name = 'enterprise';
export const typeDefs = readFileSync(new URL('../../schema/enterprise.graphql', import.meta.url), 'utf8');
export { resolvers };

export interface ServerDeps {
  db: Db;
  logger: Logger;
  config: Pick<SubgraphConfig, 'callerSecret' | 'production' | 'provider' | 'databaseUrl' | 'dataDir'>;
  /** The clock for publicity periods and deadlines (tests move it). */
  now?: () => Date;
  /** Public holidays and make-up working days (main.ts reads the configured file). */
  calendar: HolidayCalendar;
  /** The catalogue records are collected against (main.ts reads CATALOGUE_FILE); default: the shipped one. */
  catalogue?: Catalogue;
}

export function createServer({ db, logger, config, calendar, now = () => new Date(), catalogue = loadCatalogue() }: ServerDeps): FastifyInstance {
  const app = createSubgraphServer<Context>({
    name,
    typeDefs,
    resolvers,
    logger,
    callerSecret: config.callerSecret,
    production: config.production,
    createContext: (caller) => {
      const instant = now();
      const today = todayCST(instant);
      return {
        caller, db, today, now: instant, calendar, catalogue,
        log: logger.child({ requestId: caller.requestId }), loaders: createLoaders(db, caller, { today }),
      };
    },
    readiness: createReadiness(db, { subgraph: name, provider: config.provider, url: config.databaseUrl }),
    // submitRecords takes up to 1,000 records a call (~0.5 kB each).
    bodyLimit: 4 * 1024 * 1024,
  });
  // Bulk collection files (POST /ingest/<item>), streamed from the gateway: collection/ingest/routes.ts.
  registerIngestRoutes(app, { db, catalogue, callerSecret: config.callerSecret, provider: config.provider, spoolDir: join(config.dataDir, 'ingest'), now, logger });
  return app;
}
