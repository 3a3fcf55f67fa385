// The peer: Hive Gateway (`@graphql-hive/gateway`) in its fastest mode, the Rust query planner and
// executor of `@graphql-hive/router-runtime` (`unifiedGraphHandler`, what `--hive-router-runtime`
// turns on), one process (the CLI's default `--fork 1`), on Node's HTTP server as its CLI serves
// it, over the same supergraph without the `for: SECURITY` links. One plugin of ours, the standard
// way to authenticate to subgraphs: `onFetch` signs each subgraph request for the caller the bench
// names (./peer-signing.ts), on the exact body sent, as our gateway signs its own; each request
// names a different caller, so nothing is de-duplicated.
import { createServer } from 'node:http';
import { createGatewayRuntime } from '@graphql-hive/gateway';
import InMemoryLRUCache from '@graphql-mesh/cache-inmemory-lru';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import { announce, stopOnSignal } from '../processes.ts';
import { BENCH_CALLER_HEADER, CALLER_HEADER, payloadFor, peerSigner } from './peer-signing.ts';

const sign = peerSigner(process.env.BENCH_CALLER_SECRET);
/** The caller's payload, made once per client request (a request makes several subgraph calls). */
const payloads = new WeakMap();

const signSubgraphCalls = {
  onFetch({ context, options, setOptions }) {
    const request = context?.request;
    let payload = request && payloads.get(request);
    if (!payload) {
      payload = payloadFor(request?.headers.get(BENCH_CALLER_HEADER));
      if (request) payloads.set(request, payload);
    }
    setOptions({ ...options, headers: { ...options.headers, [CALLER_HEADER]: sign(payload, options.body) } });
  },
};

const runtime = createGatewayRuntime({
  supergraph: process.env.BENCH_SUPERGRAPH_FILE,
  unifiedGraphHandler,
  logging: 'warn',
  // `hive-gateway-cache` (issue 18's peer): Hive's response-cache plugin
  // (@graphql-mesh/plugin-response-cache) over its in-memory LRU store, one entry shared by every
  // caller (no session), kept as long as ours keeps an entry (RESPONSE_CACHE_TTL_MS' default).
  ...(process.env.BENCH_RESPONSE_CACHE
    ? { cache: new InMemoryLRUCache({ max: 100_000 }), responseCaching: { session: () => null, ttl: 60_000 } }
    : {}),
  plugins: () => [signSubgraphCalls],
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
