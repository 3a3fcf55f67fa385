/** Starts the social-org subgraph: `tsx subgraphs/social-org/main.ts`. */
import {
  runWhenMain, sharedConfigService, startSubgraphService, type ClockOption, type RunningSubgraph as Running, type StartOptions as BaseStartOptions,
} from '../../lib/subgraph-main.ts';
import { clientModules, type Db } from './db/client.ts';
import { createServer, name } from './server.ts';

export type StartOptions = BaseStartOptions & ClockOption;
export type RunningSubgraph = Running<Db>;

export function startSubgraph(env: Record<string, string | undefined>, opts: StartOptions = {}): Promise<RunningSubgraph> {
  return startSubgraphService(env, opts, sharedConfigService(name, clientModules, (deps) => createServer({ ...deps, now: opts.now })));
}

runWhenMain(import.meta.url, name, startSubgraph);
