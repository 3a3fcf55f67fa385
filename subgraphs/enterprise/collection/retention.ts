/**
 * The daily retention run in the enterprise subgraph's process (the rule itself: db/retention.ts;
 * the schedule, shared with the social-org subgraph: lib/collection/retention.ts): at
 * RETENTION_HOUR_CST o'clock China Standard Time every day. `npm run cli -- retention run` runs it by hand.
 */
import { scheduleRetention as schedule } from '../../../lib/collection/retention.ts';
import type { Logger } from '../../../lib/logger.ts';
import type { Db } from '../db/client.ts';
import { runRetention } from '../db/retention.ts';

export interface RetentionSchedule {
  hourCst: number;
  negativeYears: number;
}

/** Starts the schedule; the returned function stops it (a run in progress finishes). */
export function scheduleRetention(db: Db, s: RetentionSchedule, clock: () => Date, log: Logger): () => Promise<void> {
  return schedule((o) => runRetention(db, o), s, clock, log);
}
