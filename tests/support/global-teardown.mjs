// Jest's globalTeardown: stops the run's shared PostgreSQL server (global-setup.mjs).
import { SERVER } from './global-setup.mjs';

export default async function teardown() {
  await globalThis[SERVER]?.stop();
  delete process.env.CREDITGRAPH_TEST_PG_PORT;
}
