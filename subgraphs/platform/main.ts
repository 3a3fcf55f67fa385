/** The platform subgraph: institutions, their keys and plans, usage reports, and who is calling. `tsx subgraphs/platform/main.ts` runs it. */
import { defineSubgraph, openWith, runWhenMain } from '../../lib/subgraph.ts';
import type { Context } from './context.ts';
import { clientModules, type Db } from './db/client.ts';
import { createLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';

export const subgraph = defineSubgraph<Context, Db>({
  name: 'platform',
  resolvers,
  openDb: openWith(clientModules),
  context: ({ db }) => ({ loaders: createLoaders(db) }),
});
export const startSubgraph = subgraph.start;

runWhenMain(import.meta.url, subgraph);
