/** The social-org subgraph: social organisations, USCC starting with 5. `tsx subgraphs/social-org/main.ts` runs it. */
import { loadCatalogue, type Catalogue } from '../../lib/catalogue/index.ts';
import { changeLogOf, registerChangesRoute } from '../../lib/changes-route.ts';
import { scheduleRetention } from '../../lib/collection/retention.ts';
import { registerCollectionRoutes } from '../../lib/collection/routes.ts';
import { defineSubgraph, openWith, runWhenMain } from '../../lib/subgraph.ts';
import { orgTableOf, submitOrgRecords, withdrawOrgRecord } from './collection/records.ts';
import { loadSocialOrgConfig, type SocialOrgConfig } from './config.ts';
import type { Context } from './context.ts';
import { clientModules, type Db } from './db/client.ts';
import { runOrgRetention } from './db/retention.ts';
import { createLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';

export const subgraph = defineSubgraph<Context, Db, SocialOrgConfig, { catalogue: Catalogue }>({
  name: 'social-org',
  resolvers,
  loadConfig: loadSocialOrgConfig,
  openDb: openWith(clientModules),
  setup: ({ config, db, clock, logger, given, onClose }) => {
    // The daily retention run (db/retention.ts), unless RETENTION_HOUR_CST=off.
    const { hourCst, negativeYears } = config.retention;
    if (hourCst !== null) onClose(scheduleRetention((o) => runOrgRetention(db, o), { hourCst, negativeYears }, clock, logger));
    return { catalogue: given.catalogue ?? loadCatalogue(config.catalogueFile) };
  },
  context: ({ db }) => ({ loaders: createLoaders(db) }),
  // issue 13: social-organisation records forwarded by the enterprise subgraph's submitRecords take up
  // to 1,000 records a call (~0.5 kB each), as the enterprise subgraph's own body limit allows.
  bodyLimit: 4 * 1024 * 1024,
  routes: (app, { config, db, clock, logger }, { catalogue }) => {
    // issue 13: the change log's tail (GET /changes), for the platform's monitoring.
    registerChangesRoute(app, { callerSecret: config.callerSecret, log: changeLogOf(db.prisma.changeEvent) });
    registerCollectionRoutes(app, { catalogue, callerSecret: config.callerSecret, clock, logger }, {
      accepts: (item) => { orgTableOf(item); },
      submit: (s, records) => submitOrgRecords(db, s, records),
      withdraw: (w) => withdrawOrgRecord(db, w),
    });
  },
});
export const startSubgraph = subgraph.start;

runWhenMain(import.meta.url, subgraph);
