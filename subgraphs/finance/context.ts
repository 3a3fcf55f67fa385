/** What every finance resolver receives: built fresh per request by `createContext`. */
import type { Caller } from '../../lib/caller.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Db } from './db/client.ts';
import type { Loaders } from './loaders.ts';

export interface Context {
  caller: Caller;
  loaders: Loaders;
  db: Db;
  log: Logger;
}
