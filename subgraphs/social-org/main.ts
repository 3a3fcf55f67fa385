/** The social-org subgraph: social organisations, USCC starting with 5. `tsx subgraphs/social-org/main.ts` runs it. */
import { defineSubgraph, openWith, runWhenMain } from '../../lib/subgraph.ts';
import type { Context } from './context.ts';
import { clientModules, type Db } from './db/client.ts';
import { createLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';

export const subgraph = defineSubgraph<Context, Db>({
  name: 'social-org',
  resolvers,
  openDb: openWith(clientModules),
  context: ({ db }) => ({ loaders: createLoaders(db) }),
});
export const startSubgraph = subgraph.start;

runWhenMain(import.meta.url, subgraph);
