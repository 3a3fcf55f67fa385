/** What `createGateway` (gateway/server.ts) is given by the observability: no import of it beyond this type. */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../server.ts';

export interface GatewayHooks {
  /** Whether traces are exported: subgraph calls then carry `traceparent`. */
  tracing: boolean;
  plugin: ApolloServerPlugin<GatewayContext>;
  /** One subgraph call, timed from sending to its whole answer read. */
  subgraphFetch(subgraph: string, seconds: number, ok: boolean): void;
}
