/**
 * The daily retention run in the enterprise subgraph's process (the rule itself: db/retention.ts):
 * at RETENTION_HOUR_CST o'clock China Standard Time every day. A day missed while the process was
 * down is not made up at start: the next run logs every expiry since the previous run and deletes
 * whatever has come due by then, so nothing is lost, and a restart never starts a long transaction
 * by surprise. `npm run cli -- retention run` runs it by hand.
 */
import type { Logger } from '../../../lib/logger.ts';
import { repeat } from '../../../lib/repeat.ts';
import { CST_OFFSET_MS, DAY_MS, HOUR_MS, todayCST } from '../../../lib/time.ts';
import type { Db } from '../db/client.ts';
import { runRetention } from '../db/retention.ts';

export interface RetentionSchedule {
  hourCst: number;
  negativeYears: number;
}

/** Milliseconds from `now` to the next `hourCst`:00 CST (a full day when it is that instant). */
export function untilNextRun(now: Date, hourCst: number): number {
  const cst = now.getTime() + CST_OFFSET_MS;
  const dayStart = cst - (((cst % DAY_MS) + DAY_MS) % DAY_MS);
  let at = dayStart + hourCst * HOUR_MS;
  if (at <= cst) at += DAY_MS;
  return at - cst;
}

/** Starts the schedule; the returned function stops it (a run in progress finishes). */
export function scheduleRetention(db: Db, s: RetentionSchedule, clock: () => Date, log: Logger): () => Promise<void> {
  return repeat(untilNextRun(clock(), s.hourCst), async () => {
    const now = clock();
    try {
      const run = await runRetention(db, { today: todayCST(now), now, negativeYears: s.negativeYears, trigger: 'SCHEDULED' });
      log.info({ retentionRun: run.id, expired: run.expired, deleted: run.deleted, held: run.held }, 'retention run done');
    } catch (err) {
      log.error({ err }, 'retention run failed; the next one catches up');
    }
    return untilNextRun(clock(), s.hourCst);
  });
}
