/**
 * The enterprise subgraph: enterprises' credit records, their disclosure, and the workflows that
 * change them (objections, credit repair, commitments). `tsx subgraphs/enterprise/main.ts` runs it.
 */
import { registerIngestRoutes } from './collection/ingest/routes.ts';
import { registerChangesRoute } from './changes-route.ts';
import { defineSubgraph, runWhenMain } from '../../lib/subgraph.ts';
import { join } from 'node:path';
import { loadCatalogue, type Catalogue } from '../../lib/catalogue/index.ts';
import { loadHolidayCalendar, type HolidayCalendar } from '../../lib/working-days.ts';
import { loadEnterpriseConfig, type EnterpriseConfig } from './config.ts';
import type { Context } from './context.ts';
import { openEnterpriseDb, type Db } from './db/client.ts';
import { createLoaders } from './loaders.ts';
import { loadReportDesk, type ReportDesk } from './reports/desk.ts';
import { resolvers } from './resolvers/index.ts';

export const subgraph = defineSubgraph<Context, Db, EnterpriseConfig, { calendar: HolidayCalendar; reports: ReportDesk; catalogue: Catalogue }>({
  name: 'enterprise',
  resolvers,
  loadConfig: loadEnterpriseConfig,
  openDb: (config, onQuery) => openEnterpriseDb(config.provider, config.databaseUrl, onQuery),
  setup: ({ config, logger, clock, given }) => ({
    calendar: loadHolidayCalendar(config.holidayCalendarFile, { now: clock(), logger }),
    // The catalogue records are collected against: CATALOGUE_FILE, else the shipped one (a test may give its own).
    catalogue: given.catalogue ?? loadCatalogue(config.catalogueFile),
    reports: loadReportDesk(config),
  }),
  context: ({ db, caller, today }, { calendar, catalogue, reports }) => ({ calendar, catalogue, reports, loaders: createLoaders(db, caller, { today }) }),
  // submitRecords takes up to 1,000 records a call (~0.5 kB each).
  bodyLimit: 4 * 1024 * 1024,
  routes: (app, { config, db, logger, clock }, { catalogue }) => {
    // Bulk collection files (POST /ingest/<item>), streamed from the gateway: collection/ingest/routes.ts.
    registerIngestRoutes(app, {
      db, catalogue, callerSecret: config.callerSecret, provider: config.provider, spoolDir: join(config.dataDir, 'ingest'), now: clock, logger,
    });
    // The change log's tail for the platform's other services (lib/change-feed.ts).
    registerChangesRoute(app, { db, callerSecret: config.callerSecret });
  },
});
export const startSubgraph = subgraph.start;

runWhenMain(import.meta.url, subgraph);
