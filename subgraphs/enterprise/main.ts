/**
 * The enterprise subgraph: enterprises' credit records, their disclosure, and the workflows that
 * change them (objections, credit repair, commitments). `tsx subgraphs/enterprise/main.ts` runs it.
 */
import { forwardingPeer, type CollectionPeers } from './collection/api.ts';
import { registerIngestRoutes } from './collection/ingest/routes.ts';
import { startIngestRunner, type IngestRunner } from './collection/ingest/runner.ts';
import { failUnfinishedUploads } from './collection/ingest/spool.ts';
import { registerChangesRoute } from './changes-route.ts';
import { scheduleRetention } from './collection/retention.ts';
import { scheduleGradeTracker } from './grades.ts';
import { defineSubgraph, runWhenMain } from '../../lib/subgraph.ts';
import { loadCatalogue, type Catalogue } from '../../lib/catalogue/index.ts';
import { collectionPeer } from '../../lib/collection/forward.ts';
import { loadHolidayCalendar, type HolidayCalendar } from '../../lib/working-days.ts';
import { loadEnterpriseConfig, type EnterpriseConfig } from './config.ts';
import type { Context } from './context.ts';
import { openEnterpriseDb, type Db } from './db/client.ts';
import { createLoaders } from './loaders.ts';
import { loadReportDesk, type ReportDesk } from './reports/desk.ts';
import { loadSanctionDesk, type SanctionDesk } from './sanctions.ts';
import { loadRepairRules, type RepairRules } from '../../lib/catalogue/repair-rules.ts';
import { assertPublicityAligned } from '../../lib/catalogue/publicity-alignment.ts';
import { resolvers } from './resolvers/index.ts';

export const subgraph = defineSubgraph<Context, Db, EnterpriseConfig, { calendar: HolidayCalendar; reports: ReportDesk; catalogue: Catalogue; sanctions: SanctionDesk; repairRules: RepairRules; collection: CollectionPeers; ingest: IngestRunner | null }>({
  name: 'enterprise',
  resolvers,
  loadConfig: loadEnterpriseConfig,
  openDb: (config, onQuery) => openEnterpriseDb(config.provider, config.databaseUrl, onQuery),
  setup: async ({ config, db, logger, clock, given, onClose }) => {
    const deps = {
      calendar: loadHolidayCalendar(config.holidayCalendarFile, { now: clock(), logger }),
      // The catalogue records are collected against: CATALOGUE_FILE, else the shipped one (a test may give its own).
      catalogue: given.catalogue ?? loadCatalogue(config.catalogueFile),
      reports: loadReportDesk(config),
      // The joint sanctions list and the peers persons and social organisations are checked with (a test may give its own desk).
      sanctions: given.sanctions ?? loadSanctionDesk(config),
      repairRules: given.repairRules ?? loadRepairRules(config.repairRulesFile),
      // Natural-person items' records go to the person subgraph, social organisations' to the social-org subgraph (issue 13), signed as the caller.
      collection: {
        person: collectionPeer('person', new URL(config.peerUrls.person).origin, config.callerSecret),
        socialOrg: collectionPeer('social-org', new URL(config.peerUrls.socialOrg).origin, config.callerSecret),
      },
    };
    // Collected records take their publicity end from the catalogue, repair its minimum from the rules: one answer (issue 16).
    assertPublicityAligned(deps.catalogue, deps.repairRules);
    // The daily retention run (collection/retention.ts), unless RETENTION_HOUR_CST=off.
    const { hourCst, negativeYears } = config.retention;
    if (hourCst !== null) onClose(scheduleRetention(db, { hourCst, negativeYears }, clock, logger));
    // RATING_CHANGED events (grades.ts), unless RATING_TRACKER_MS=off (off by default under NODE_ENV=test).
    // With INGEST_RUNNER=external the runner process tracks them (collection/ingest-main.ts): a load's
    // events set the tracker rating every subject they touch, and here that took the serving CPU and
    // its writes blocked the event loop behind the runner's write lock (bench/ingest-serving.ts).
    if (config.gradeTrackerMs !== null && config.ingestRunner === 'in-process') onClose(scheduleGradeTracker(db, { intervalMs: config.gradeTrackerMs, provider: config.provider, catalogue: deps.catalogue }, clock, logger));
    // Bulk jobs (collection/ingest/runner.ts): an upload the last process was still receiving is failed;
    // the jobs handed over are read here, unless INGEST_RUNNER=external (the runner process reads them).
    await failUnfinishedUploads(db, config.ingestSpoolDir, clock());
    const ingest = config.ingestRunner === 'in-process' ? startIngestRunner({
      db, provider: config.provider, catalogue: deps.catalogue, spoolDir: config.ingestSpoolDir, now: clock, logger,
      forward: forwardingPeer(deps.catalogue, deps.collection),
    }) : null;
    if (ingest) onClose(ingest.stop);
    return { ...deps, ingest };
  },
  context: ({ db, caller, today }, { calendar, catalogue, reports, sanctions, repairRules, collection }) => ({
    calendar, catalogue, reports, sanctions, repairRules, collection, loaders: createLoaders(db, caller, { today, catalogue }),
  }),
  // submitRecords takes up to 1,000 records a call (~0.5 kB each).
  bodyLimit: 4 * 1024 * 1024,
  routes: (app, { config, db, logger, clock }, { catalogue, collection, ingest }) => {
    // Bulk collection files (POST /ingest/<item>), streamed from the gateway: collection/ingest/routes.ts.
    registerIngestRoutes(app, {
      db, catalogue, callerSecret: config.callerSecret, spoolDir: config.ingestSpoolDir, now: clock, logger,
      forward: forwardingPeer(catalogue, collection), runner: ingest,
    });
    // The change log's tail for the platform's other services (lib/change-feed.ts).
    registerChangesRoute(app, { db, callerSecret: config.callerSecret });
  },
});
export const startSubgraph = subgraph.start;

runWhenMain(import.meta.url, subgraph);
