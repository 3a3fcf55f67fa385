/**
 * Test support: the real social-org subgraph on port 0 over a fresh, migrated temp SQLite database (or
 * the PostgreSQL database it is given), and a client that signs its calls like the gateway does.
 */
import { startTestSubgraph as startShared, type TestSubgraph as SharedTestSubgraph } from '../../tests/support/subgraph.ts';
import type { RunningSubgraph as Running } from '../../lib/subgraph.ts';
import type { Db } from './db/client.ts';
import { startSubgraph } from './main.ts';

type RunningSubgraph = Running<Db>;

export const CALLER_SECRET = 'test-caller-signing-secret-0123456789abcdef';

export type { GraphQLBody as GraphQLResponse } from '../../tests/support/subgraph.ts';
export type TestSubgraph = SharedTestSubgraph<RunningSubgraph>;

export function startTestSubgraph(opts: { now?: () => Date; postgresUrl?: string } = {}): Promise<TestSubgraph> {
  return startShared({ subgraph: 'social-org', start: startSubgraph, secret: CALLER_SECRET, ...opts });
}
