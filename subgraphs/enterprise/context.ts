/** What every enterprise resolver receives: built fresh per request (`main.ts`). */
import type { Catalogue } from '../../lib/catalogue/index.ts';
import type { CollectionPeers } from './collection/api.ts';
import type { BaseContext } from '../../lib/subgraph.ts';
import type { HolidayCalendar } from '../../lib/working-days.ts';
import type { Db } from './db/client.ts';
import type { Loaders } from './loaders.ts';
import type { ReportDesk } from './reports/desk.ts';
import type { SanctionDesk } from './sanctions.ts';
import type { RepairRules } from '../../lib/catalogue/repair-rules.ts';

export interface Context extends BaseContext<Db> {
  loaders: Loaders;
  /** Public holidays and make-up working days: the workflows' deadlines count working days. */
  calendar: HolidayCalendar;
  /** Credit reports: signing key, public keys, the peers a report asks. */
  reports: ReportDesk;
  /** The public credit information catalogue: what may be submitted, by whom, with which rules. */
  catalogue: Catalogue;
  /** Joint sanctions: the list of matters and measures, and the peers that hold persons' and social organisations' lists. */
  sanctions: SanctionDesk;
  /** Credit repair rules per class of record (lib/catalogue/repair.json). */
  repairRules: RepairRules;
  /** Where submitRecords forwards items of subjects this subgraph does not hold (issue 13: natural persons). */
  collection: CollectionPeers;
}
