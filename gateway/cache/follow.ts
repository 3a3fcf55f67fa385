/**
 * Invalidation from the change log: every gateway follows the enterprise subgraph's `/changes`
 * (lib/change-feed.ts, a long poll answered as soon as an event is committed; writers in other
 * processes are seen within the route's 200 ms poll) and drops the answers that depend on each
 * changed subject, and those that depend on every subject.
 *
 * The cache lives in memory and starts empty, so no durable cursor is kept. The route has no "start
 * at the end": the history is read once from seq 0 while the cache is suspended (it serves and
 * keeps nothing until the follower has caught up, main.ts), so those events find nothing to drop.
 * (Skipping them by their time stamp would trust the clocks of two processes to agree.)
 */
import { followChangeLog, type ChangeEvent, type ChangeFollower } from '../../lib/change-feed.ts';
import type { Logger } from '../../lib/logger.ts';
import type { ResponseCache } from './response-cache.ts';

export function invalidateOnChanges(cache: ResponseCache, opts: {
  enterpriseUrl: string; callerSecret: string; logger: Logger; waitMs?: number;
}): ChangeFollower {
  return followChangeLog({
    url: opts.enterpriseUrl,
    callerSecret: opts.callerSecret,
    consumer: 'gateway-response-cache',
    after: 0,
    logger: opts.logger,
    waitMs: opts.waitMs,
    onEvents(events: ChangeEvent[]) {
      cache.invalidate(events.map((e) => e.subject));
    },
  });
}
