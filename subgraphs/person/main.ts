/** Starts the person subgraph: config, integrity-code key, holiday calendar, database, server, listen. */
import { migrationsApplied } from '../../lib/db/readiness.ts';
import {
  runWhenMain, startSubgraphService, type ClockOption, type RunningSubgraph, type StartOptions as BaseStartOptions,
} from '../../lib/subgraph-main.ts';
import { loadHolidayCalendar } from '../../lib/working-days.ts';
import { loadPersonConfig } from './config.ts';
import { openPersonDb, type Db } from './db/client.ts';
import { loadPersonReports } from './reports.ts';
import { loadIntegrityCodes } from './same-city.ts';
import { createServer, name } from './server.ts';

export type StartOptions = BaseStartOptions & ClockOption;

export function startSubgraph(env: Record<string, string | undefined>, opts: StartOptions = {}): Promise<RunningSubgraph<Db>> {
  return startSubgraphService(env, opts, {
    name,
    loadConfig: loadPersonConfig,
    openDb: (config, onQuery) => openPersonDb(config.provider, config.databaseUrl, onQuery),
    createServer: async ({ db, logger, config }) => createServer({
      db,
      logger,
      config,
      integrity: await loadIntegrityCodes(config),
      now: opts.now,
      calendar: loadHolidayCalendar(config.holidayCalendarFile, { now: opts.now?.() ?? new Date(), logger }),
      readiness: migrationsApplied({ subgraph: name, provider: config.provider, url: config.databaseUrl }),
      reports: loadPersonReports(config),
    }),
  });
}

runWhenMain(import.meta.url, name, startSubgraph);
