// Jest's globalSetup (jest.config.js; global-teardown.mjs stops it): one throwaway PostgreSQL server for the
// whole run, shared by every file that asks tests/support/postgres.ts for one (each gets databases
// of its own on it). Its port goes to the test workers in CREDITGRAPH_TEST_PG_PORT (they are forked
// after this runs). Plain .mjs, loaded by Node itself: postgres.ts is imported through tsx.
import { tsImport } from 'tsx/esm/api';

/** Where global-teardown.mjs finds the server (jest runs both hooks in its own process). */
export const SERVER = Symbol.for('creditgraph.test.postgres');

export default async function setup() {
  const { postgresAvailable, startPostgresServer } = await tsImport('./postgres.ts', import.meta.url);
  // No PostgreSQL here (or PG_BIN pointing nowhere, as the mutation runs set it): nothing to share;
  // the files that need one skip or start their own, as they say.
  if (!process.env.PG_BIN || !postgresAvailable()) return;
  // Two files at a time (a worker per core), each with up to two stacks of six services' pools.
  const server = await startPostgresServer({ settings: { max_connections: '400' } });
  globalThis[SERVER] = server;
  process.env.CREDITGRAPH_TEST_PG_PORT = String(server.port);
}

