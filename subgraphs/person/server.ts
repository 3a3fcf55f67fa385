/**
 * The person subgraph: natural persons' credit data, disclosed only to those with a right to it,
 * every disclosure logged before the data leaves. Builds the service; no I/O.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { ping } from '../../lib/db/client.ts';
import { createSubgraphServer } from '../../lib/subgraph-server.ts';
import type { Logger } from '../../lib/logger.ts';
import { WEEKDAYS_ONLY, type HolidayCalendar } from '../../lib/working-days.ts';
import { AccessLogWriter, type AccessLog } from './access-log.ts';
import type { PersonConfig } from './config.ts';
import { createContext, idNumberCrypto, type Context } from './context.ts';
import { insertAccessLogEntries } from './db/access-log.ts';
import type { Db } from './db/client.ts';
import { resolvers } from './resolvers/index.ts';
import type { IntegrityCodes } from './same-city.ts';

export const name = 'person';
export const typeDefs = readFileSync(new URL('../../schema/person.graphql', import.meta.url), 'utf8');
export { resolvers };

export type PersonServerConfig = Pick<PersonConfig, 'callerSecret' | 'production' | 'idHmacSecret' | 'idEncryptionKey'>;

export interface PersonServerDeps {
  db: Db;
  logger: Logger;
  config: PersonServerConfig;
  /** The integrity codes' key, city and lifetime (`loadIntegrityCodes` in main). */
  integrity: IntegrityCodes;
  /** The process's group-commit writer; by default one over `db`, flushed when the app closes. */
  accessLog?: AccessLog;
  /** The clock (tests move it). */
  now?: () => Date;
  /**
   * Public holidays and make-up working days for objections' deadlines: main reads the configured
   * file; without one, Monday to Friday are the working days.
   */
  calendar?: HolidayCalendar;
  /** Extra readiness checks (e.g. no pending migrations). */
  readiness?: () => Promise<void>;
}

export function createServer(deps: PersonServerDeps): FastifyInstance {
  const now = deps.now ?? (() => new Date());
  const writer = deps.accessLog ?? new AccessLogWriter({
    sink: (entries) => insertAccessLogEntries(deps.db, entries),
    logger: deps.logger,
  });
  const idNumbers = idNumberCrypto(deps.config);
  const app = createSubgraphServer<Context>({
    name,
    typeDefs,
    resolvers,
    logger: deps.logger,
    callerSecret: deps.config.callerSecret,
    production: deps.config.production,
    createContext: (caller, request) => createContext({
      caller, db: deps.db, log: request.log as Logger, idNumbers, integrity: deps.integrity, accessLog: writer, now,
      calendar: deps.calendar ?? WEEKDAYS_ONLY,
    }),
    readiness: async () => {
      await ping(deps.db);
      await deps.readiness?.();
    },
  });
  if (writer instanceof AccessLogWriter && !deps.accessLog) {
    app.addHook('onClose', async () => writer.close());
  }
  return app;
}
