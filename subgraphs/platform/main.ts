/** The platform subgraph: institutions, their keys and plans, usage reports, and who is calling; monitoring (watchlists, feeds, webhooks). `tsx subgraphs/platform/main.ts` runs it. */
import { followChangeLog } from '../../lib/change-feed.ts';
import { loadCatalogue } from '../../lib/catalogue/index.ts';
import { defineSubgraph, openWith, runWhenMain } from '../../lib/subgraph.ts';
import { loadPlatformConfig, type PlatformConfig } from './config.ts';
import type { Context } from './context.ts';
import { clientModules, type Db } from './db/client.ts';
import { createLoaders } from './loaders.ts';
import { startMonitoring, type Follow, type Monitoring } from './monitoring/index.ts';
import { resolvers } from './resolvers/index.ts';

const openDb = openWith(clientModules);

interface Deps {
  monitoring: Monitoring;
  /** The change-log follower (lib/change-feed.ts); a test may hand in its own. */
  follow: Follow | null;
}

export const subgraph = defineSubgraph<Context, Db, PlatformConfig, Deps>({
  name: 'platform',
  resolvers,
  loadConfig: loadPlatformConfig,
  openDb,
  async setup({ config, db, logger, clock, given, onClose }) {
    if (given.monitoring) return { monitoring: given.monitoring, follow: null };
    // Monitoring's background work (the matcher's transactions, the dispatcher's outbox reads) has
    // its own connection, so it never queues behind or ahead of a request's statements.
    const background = await openDb(config);
    try {
      // The catalogue the enterprise subgraph reads (CATALOGUE_FILE, else the shipped one): its disclosure attributes decide who hears of a record.
      const catalogue = loadCatalogue(config.catalogueFile);
      const monitoring = await startMonitoring({ config, db: background, logger, clock, follow: given.follow ?? followChangeLog, catalogue });
      onClose(async () => {
        await monitoring.stop();
        await background.close();
      });
      return { monitoring, follow: given.follow ?? null };
    } catch (err) {
      await background.close();
      throw err;
    }
  },
  context: ({ db }, { monitoring }) => ({ loaders: createLoaders(db), monitoring }),
});
export const startSubgraph = subgraph.start;

runWhenMain(import.meta.url, subgraph);
