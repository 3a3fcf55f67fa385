// The peer: a bare `@apollo/gateway` inside `@apollo/server`'s standalone server, with their
// defaults, over the same subgraphs and the supergraph without the `for: SECURITY` links (which
// `@apollo/gateway` refuses). One addition, the standard way to authenticate to subgraphs: a data
// source that signs each subgraph request for the caller the bench names (./peer-signing.ts), as
// our gateway signs its own. The caller's part is made once per gateway request (the context);
// the signature is made on the exact body sent, which only the fetcher sees.
import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { announce, stopOnSignal } from '../processes.ts';
import { BENCH_CALLER_HEADER, CALLER_HEADER, payloadFor, peerSigner } from './peer-signing.ts';

const sign = peerSigner(process.env.BENCH_CALLER_SECRET);
/** willSendRequest → fetcher: the caller's payload, replaced by the signed header before sending. */
const PAYLOAD = 'x-bench-caller-payload';

class SigningDataSource extends RemoteGraphQLDataSource {
  constructor(config) {
    super(config);
    const fetcher = this.fetcher;
    this.fetcher = (url, init) => {
      const { [PAYLOAD]: payload, ...headers } = init.headers;
      return fetcher(url, { ...init, headers: { ...headers, [CALLER_HEADER]: sign(payload, init.body) } });
    };
  }

  willSendRequest({ request, context }) {
    request.http.headers.set(PAYLOAD, context.callerPayload);
  }
}

const supergraphSdl = readFileSync(process.env.BENCH_SUPERGRAPH_FILE, 'utf8');
const gateway = new ApolloGateway({ supergraphSdl, buildService: ({ url }) => new SigningDataSource({ url }) });
const server = new ApolloServer({ gateway });
const { url } = await startStandaloneServer(server, {
  listen: { port: 0, host: '127.0.0.1' },
  context: async ({ req }) => {
    const header = req.headers[BENCH_CALLER_HEADER];
    return { callerPayload: payloadFor(Array.isArray(header) ? header[0] : header) };
  },
});
stopOnSignal(() => server.stop());
announce({ url: new URL('/graphql', url).href });
