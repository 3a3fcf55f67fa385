/**
 * The enterprise subgraph: enterprises' credit records, their disclosure, and the workflows that
 * change them (objections, credit repair, commitments). `tsx subgraphs/enterprise/main.ts` runs it.
 */
import { defineSubgraph, runWhenMain } from '../../lib/subgraph.ts';
import { loadHolidayCalendar, type HolidayCalendar } from '../../lib/working-days.ts';
import { loadEnterpriseConfig, type EnterpriseConfig } from './config.ts';
import type { Context } from './context.ts';
import { openEnterpriseDb, type Db } from './db/client.ts';
import { createLoaders } from './loaders.ts';
import { loadReportDesk, type ReportDesk } from './reports/desk.ts';
import { resolvers } from './resolvers/index.ts';

export const subgraph = defineSubgraph<Context, Db, EnterpriseConfig, { calendar: HolidayCalendar; reports: ReportDesk }>({
  name: 'enterprise',
  resolvers,
  loadConfig: loadEnterpriseConfig,
  openDb: (config, onQuery) => openEnterpriseDb(config.provider, config.databaseUrl, onQuery),
  setup: ({ config, logger, clock }) => ({
    calendar: loadHolidayCalendar(config.holidayCalendarFile, { now: clock(), logger }),
    reports: loadReportDesk(config),
  }),
  context: ({ db, caller, today }, { calendar, reports }) => ({ calendar, reports, loaders: createLoaders(db, caller, { today }) }),
});
export const startSubgraph = subgraph.start;

runWhenMain(import.meta.url, subgraph);
