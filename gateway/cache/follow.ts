/**
 * Invalidation from the change log: every gateway follows the enterprise subgraph's `/changes`
 * (lib/change-feed.ts, a long poll answered as soon as an event is committed; writers in other
 * processes are seen within the route's 200 ms poll) and drops the answers that depend on each
 * changed subject, and those that depend on every subject.
 *
 * The cache lives in memory and starts empty, so no durable cursor is kept and no history is read:
 * the follower starts at the log's end as the route sees it (`after=end`, one indexed read). The
 * cache is suspended until that first read is answered (main.ts), so an answer is never kept from
 * before a change the follower will not hear of. (Skipping history by time stamp instead would
 * trust the clocks of two processes to agree.)
 */
import { END_OF_LOG, followChangeLog, type ChangeEvent, type ChangeFollower } from '../../lib/change-feed.ts';
import type { Logger } from '../../lib/logger.ts';
import type { ResponseCache } from './response-cache.ts';

export function invalidateOnChanges(cache: ResponseCache, opts: {
  enterpriseUrl: string; callerSecret: string; logger: Logger; waitMs?: number;
}): ChangeFollower {
  return followChangeLog({
    url: opts.enterpriseUrl,
    callerSecret: opts.callerSecret,
    consumer: 'gateway-response-cache',
    after: END_OF_LOG,
    logger: opts.logger,
    waitMs: opts.waitMs,
    onEvents(events: ChangeEvent[]) {
      cache.invalidate(events.map((e) => e.subject));
    },
  });
}
