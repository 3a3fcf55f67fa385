/** What every platform resolver receives: built fresh per request (`main.ts`). */
import type { BaseContext } from '../../lib/subgraph.ts';
import type { Db } from './db/client.ts';
import type { Loaders } from './loaders.ts';

export interface Context extends BaseContext<Db> {
  loaders: Loaders;
}
