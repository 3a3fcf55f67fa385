/** The finance subgraph: financial partners, credit-easy loan products and loans. `tsx subgraphs/finance/main.ts` runs it. */
import { defineSubgraph, openWith, runWhenMain } from '../../lib/subgraph.ts';
import type { Context } from './context.ts';
import { clientModules, type Db } from './db/client.ts';
import { createLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';

export const subgraph = defineSubgraph<Context, Db>({
  name: 'finance',
  resolvers,
  openDb: openWith(clientModules),
  context: ({ db }) => ({ loaders: createLoaders(db) }),
});
export const startSubgraph = subgraph.start;

runWhenMain(import.meta.url, subgraph);
