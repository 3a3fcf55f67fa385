// The peer: Hive Gateway (`@graphql-hive/gateway`) in its fastest mode, the Rust query planner and
// executor of `@graphql-hive/router-runtime` (`unifiedGraphHandler`, what `--hive-router-runtime`
// turns on), one process (the CLI's default `--fork 1`), on Node's HTTP server as its CLI serves
// it, over the same supergraph without the `for: SECURITY` links. The client's bench caller header
// is propagated to the subgraphs (`propagateHeaders`), so the subgraphs (in bench mode) know who is
// calling; each request carries a different one, so nothing is de-duplicated.
import { createServer } from 'node:http';
import { createGatewayRuntime } from '@graphql-hive/gateway';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import { announce, BENCH_CALLER_HEADER, stopOnSignal } from './peer-support.mjs';

const runtime = createGatewayRuntime({
  supergraph: process.env.BENCH_SUPERGRAPH_FILE,
  unifiedGraphHandler,
  logging: 'warn',
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({ [BENCH_CALLER_HEADER]: request.headers.get(BENCH_CALLER_HEADER) }),
  },
});
await runtime.getSchema();
const server = createServer(runtime);
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
stopOnSignal(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(() => resolve()));
  await runtime.dispose();
});
announce({ url: `http://127.0.0.1:${server.address().port}${runtime.graphqlEndpoint}` });
