/** What every platform resolver receives: built fresh per request (`main.ts`). */
import type { BaseContext } from '../../lib/subgraph.ts';
import type { Db } from './db/client.ts';
import type { Loaders } from './loaders.ts';
import type { Monitoring } from './monitoring/index.ts';

export interface Context extends BaseContext<Db> {
  loaders: Loaders;
  /** Monitoring's settings and its dispatcher's wake-up (monitoring/index.ts). */
  monitoring: Monitoring;
}
