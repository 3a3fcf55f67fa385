import type { Caller } from '../../lib/caller.ts';
import type { Catalogue } from '../../lib/catalogue/index.ts';
import type { Logger } from '../../lib/logger.ts';
import type { HolidayCalendar } from '../../lib/working-days.ts';
import type { Db } from './db/client.ts';
import type { Loaders } from './loaders.ts';

export interface Context {
  caller: Caller;
  loaders: Loaders;
  db: Db;
  log: Logger;
  /** The request's "today" in China Standard Time (`YYYY-MM-DD`): publicity ends are compared to it. */
  today: string;
  /** The request's instant: the time stamps the workflows write. */
  now: Date;
  /** Public holidays and make-up working days: the workflows' deadlines count working days. */
  calendar: HolidayCalendar;
  /** The public credit information catalogue: what may be submitted, by whom, with which rules. */
  catalogue: Catalogue;
}
