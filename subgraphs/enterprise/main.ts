/** Starts the enterprise subgraph: config, holiday calendar, database, server, listen. */
import {
  runWhenMain, startSubgraphService, type ClockOption, type RunningSubgraph as Running, type StartOptions as BaseStartOptions,
} from '../../lib/subgraph-main.ts';
import { loadCatalogue } from '../../lib/catalogue/index.ts';
import { loadHolidayCalendar } from '../../lib/working-days.ts';
import { loadEnterpriseConfig } from './config.ts';
import { openEnterpriseDb, type Db } from './db/client.ts';
import { createServer, name } from './server.ts';

export type StartOptions = BaseStartOptions & ClockOption;
export type RunningSubgraph = Running<Db>;

export function startSubgraph(env: Record<string, string | undefined>, opts: StartOptions = {}): Promise<RunningSubgraph> {
  return startSubgraphService(env, opts, {
    name,
    loadConfig: loadEnterpriseConfig,
    openDb: (config, onQuery) => openEnterpriseDb(config.provider, config.databaseUrl, onQuery),
    createServer: ({ db, logger, config }) => createServer({
      db, logger, config, now: opts.now,
      calendar: loadHolidayCalendar(config.holidayCalendarFile, { now: opts.now?.() ?? new Date(), logger }),
      catalogue: loadCatalogue(config.catalogueFile),
    }),
  });
}

runWhenMain(import.meta.url, name, startSubgraph);
