/**
 * The person subgraph: natural persons' credit data, disclosed only to those with a right to it,
 * every disclosure logged before the data leaves. `tsx subgraphs/person/main.ts` runs it.
 */
import { loadCatalogue } from '../../lib/catalogue/index.ts';
import { loadRepairRules } from '../../lib/catalogue/repair-rules.ts';
import { registerCollectionRoutes } from '../../lib/collection/routes.ts';
import { defineSubgraph, runWhenMain } from '../../lib/subgraph.ts';
import { loadHolidayCalendar } from '../../lib/working-days.ts';
import { AccessLogWriter } from './access-log.ts';
import { loadPersonConfig, type PersonConfig } from './config.ts';
import { idNumberCrypto, type Context, type PersonDeps } from './context.ts';
import { insertAccessLogEntries } from './db/access-log.ts';
import { openPersonDb, type Db } from './db/client.ts';
import { createLoaders } from './loaders.ts';
import { registerPersonChangesRoute } from './changes-route.ts';
import { personTableOf, submitPersonRecords, withdrawPersonRecord } from './collection/records.ts';
import { registerMonitoringRoutes } from './monitoring-routes.ts';
import { resolvers } from './resolvers/index.ts';
import { loadPersonReports } from './reports.ts';
import { loadIntegrityCodes } from './same-city.ts';

export const subgraph = defineSubgraph<Context, Db, PersonConfig, PersonDeps>({
  name: 'person',
  resolvers,
  loadConfig: loadPersonConfig,
  openDb: (config, onQuery) => openPersonDb(config.provider, config.databaseUrl, onQuery),
  setup: async ({ config, db, logger, clock, given, onClose, queueDepth, tracer }) => {
    let accessLog = given.accessLog;
    if (!accessLog) {
      // The process's own writer: closing the server flushes what it still holds.
      const writer = new AccessLogWriter({ sink: (entries) => insertAccessLogEntries(db, entries), logger, tracer });
      onClose(() => writer.close());
      queueDepth('access_log', () => writer.queued);
      accessLog = writer;
    }
    return {
      idNumbers: given.idNumbers ?? idNumberCrypto(config),
      integrity: given.integrity ?? await loadIntegrityCodes(config),
      calendar: given.calendar ?? loadHolidayCalendar(config.holidayCalendarFile, { now: clock(), logger }),
      accessLog,
      reports: given.reports ?? loadPersonReports(config),
      repairRules: given.repairRules ?? loadRepairRules(config.repairRulesFile),
      catalogue: given.catalogue ?? loadCatalogue(config.catalogueFile),
    };
  },
  context: ({ db, caller, now, trace }, { accessLog, ...deps }) => ({ ...deps, loaders: createLoaders(db, caller, { accessLog, now, trace }) }),
  // issue 14, persons in monitoring: the change log's tail (GET /changes) and what monitoring asks at
  // watch and at delivery (POST /monitoring/persons, /monitoring/disclosures).
  // issue 13: natural-person records forwarded by the enterprise subgraph's submitRecords take up to
  // 1,000 records a call (~0.5 kB each), as the enterprise subgraph's own body limit allows.
  bodyLimit: 4 * 1024 * 1024,
  routes: (app, { config, db, clock, logger }, { idNumbers, accessLog, catalogue }) => {
    registerPersonChangesRoute(app, { db, callerSecret: config.callerSecret });
    registerMonitoringRoutes(app, { db, callerSecret: config.callerSecret, clock, idNumbers, accessLog });
    registerCollectionRoutes(app, { catalogue, callerSecret: config.callerSecret, clock, logger }, {
      accepts: (item) => { personTableOf(item); },
      submit: (s, records) => submitPersonRecords(db, idNumbers, s, records),
      withdraw: (w) => withdrawPersonRecord(db, idNumbers, w),
    });
  },
});
export const startSubgraph = subgraph.start;

runWhenMain(import.meta.url, subgraph);
