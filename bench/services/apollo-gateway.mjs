// The peer: a bare `@apollo/gateway` inside `@apollo/server`'s standalone server, with their
// defaults, over the same subgraphs and the supergraph without the `for: SECURITY` links (which
// `@apollo/gateway` refuses). One deviation from the defaults, the standard way to forward a
// header: the context keeps the client's bench caller header and each subgraph request carries it
// (`willSendRequest`), so the subgraphs (in bench mode) know who is calling.
import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { announce, BENCH_CALLER_HEADER, stopOnSignal } from './peer-support.mjs';

class BenchCallerDataSource extends RemoteGraphQLDataSource {
  willSendRequest({ request, context }) {
    if (context?.benchCaller) request.http?.headers.set(BENCH_CALLER_HEADER, context.benchCaller);
  }
}

const supergraphSdl = readFileSync(process.env.BENCH_SUPERGRAPH_FILE, 'utf8');
const gateway = new ApolloGateway({ supergraphSdl, buildService: ({ url }) => new BenchCallerDataSource({ url }) });
const server = new ApolloServer({ gateway });
const { url } = await startStandaloneServer(server, {
  listen: { port: 0, host: '127.0.0.1' },
  context: async ({ req }) => {
    const header = req.headers[BENCH_CALLER_HEADER];
    return { benchCaller: Array.isArray(header) ? header[0] : header };
  },
});
stopOnSignal(() => server.stop());
announce({ url: new URL('/graphql', url).href });
