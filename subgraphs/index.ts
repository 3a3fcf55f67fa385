/**
 * The five subgraphs by name, each loaded on first use (a process that runs one subgraph loads
 * only that one's Prisma client): what the test stack and the bench start.
 */
import type { SubgraphName } from '../lib/config.ts';
import type { RunningSubgraph, StartOptions } from '../lib/subgraph.ts';

export type StartSubgraph = (env: Record<string, string | undefined>, opts?: StartOptions) => Promise<RunningSubgraph<{ close(): Promise<void> }>>;

const mains: Record<SubgraphName, () => Promise<{ startSubgraph: unknown }>> = {
  enterprise: () => import('./enterprise/main.ts'),
  person: () => import('./person/main.ts'),
  'social-org': () => import('./social-org/main.ts'),
  finance: () => import('./finance/main.ts'),
  platform: () => import('./platform/main.ts'),
};

export const isSubgraphName = (name: string): name is SubgraphName => Object.hasOwn(mains, name);

/** `startSubgraph` of subgraph `name`. */
export async function starterOf(name: SubgraphName): Promise<StartSubgraph> {
  return (await mains[name]()).startSubgraph as StartSubgraph;
}
