/**
 * The matcher: given a batch of a change log (in order, from the follower; the enterprise's, the
 * person's (issue 14) or the social-org subgraph's (issue 13)), writes each institution's feed entries for the subjects it watches and
 * the webhook messages they make, and moves that log's durable cursor, all in one transaction.
 * Idempotent by seq: events at or before the stored cursor are skipped, so a batch offered again
 * after a failure is not written twice.
 *
 * The feed has its own sequence (db/feed.ts FEED_SEQUENCE), since two logs number their events
 * independently: an enterprise event keeps its log's seq as its feed seq where that is free (so a
 * platform that follows only the enterprise log numbers its feed exactly as before), and anything
 * else takes the next number.
 *
 * A watch hears only of what was recorded once it had begun (watchCovers): what reaches a watcher
 * is decided by the log and the watchlist, never by how far behind the matcher was when it read
 * the event.
 */
import type { ChangeEvent } from '../../../lib/change-feed.ts';
import { transaction } from '../../../lib/db/client.ts';
import type { Prisma } from '../../../prisma/generated/platform/sqlite/client.ts';
import type { Db } from '../db/client.ts';
import { ENDING_TYPES, FEED_SEQUENCE, insertMatches, lockFeedSequence, readCursor, writeCursor } from '../db/feed.ts';
import { allWebhooks, enqueueDeliveries, type Webhook } from '../db/webhooks.ts';
import { watchesOf } from '../db/watches.ts';
import { newMessageId } from './signing.ts';
import { wantsEvent } from './subjects.ts';

/** The cursors' names in MonitorCursor: one per change log followed. */
export const CONSUMER = 'monitoring:enterprise';
export const PERSON_CONSUMER = 'monitoring:person';
export const SOCIAL_ORG_CONSUMER = 'monitoring:social-org';

/** One event of the change log as lib/change-feed.ts hands it over. */
export type LogEvent = ChangeEvent;

export interface MatchResult { changes: number; entries: number; messages: number }

const ENDING = new Set<string>(ENDING_TYPES);

/**
 * Whether a watch begun at `createdAt` hears of an event: only if the event was recorded at or
 * after that instant. The instant that counts is the event's `at`, the clock of the subgraph that
 * recorded the change as its writing request read it (lib/db/change-log.ts), which is fixed in the
 * log: not when that transaction committed, nor when the matcher reads it, which depends on its lag. A bank that starts watching today reads the
 * archive for the past and is not told of last month's penalty as a change, and the same history
 * gives the same feed however late the matcher runs. Both instants come from this platform's own
 * processes (the recording subgraph's and the platform subgraph's clocks, on hosts kept in step),
 * to the millisecond both databases store; an event of the very millisecond the watch began counts
 * as after it, since the two cannot be ordered and the watcher asked from that instant on.
 */
export const watchCovers = (watch: { createdAt: Date }, event: Pick<LogEvent, 'at'>): boolean =>
  Date.parse(event.at) >= watch.createdAt.getTime();

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}

export async function matchEvents(
  db: Db, events: readonly LogEvent[], now: Date, retryWindowMs: number, consumer: string = CONSUMER,
): Promise<MatchResult> {
  if (events.length === 0) return { changes: 0, entries: 0, messages: 0 };
  return transaction(db, async (tx) => {
    // First: the feed sequence's lock, which serializes the matchers of both logs.
    let feedSeq = await lockFeedSequence(tx, now);
    const cursor = await readCursor(tx, consumer);
    const fresh = events.filter((e) => e.seq > cursor);
    if (fresh.length === 0) return { changes: 0, entries: 0, messages: 0 };
    // Persons are watched by their id (subjects.ts), the subject of the person log's events.
    const subjects = [...new Set(fresh.map((e) => e.subject))];
    const watchers = groupBy(await watchesOf(tx, subjects), (w) => w.subject);
    const hooks: Map<string, Webhook[]> = watchers.size > 0 ? groupBy(await allWebhooks(tx), (h) => h.institutionId) : new Map();
    const changes: Prisma.MonitoredChangeCreateManyInput[] = [];
    const entries: { institutionId: string; seq: number }[] = [];
    const messages: Prisma.WebhookDeliveryCreateManyInput[] = [];
    const retryUntil = new Date(now.getTime() + retryWindowMs);
    for (const e of fresh) {
      const wanting = (watchers.get(e.subject) ?? []).filter((w) => watchCovers(w, e) && wantsEvent(w.events, e.type));
      // An ending is kept whoever watches: even when nobody asked for its type, when it was
      // recorded before every watch of the subject began, or when nobody watches the subject yet.
      // Disclosure at delivery reads it (endedRecords) to withhold the record's other events, so it
      // must be there whenever a later event of the record reaches someone, whatever the matcher's
      // lag. Kept without a feed entry or a message it is delivered to no one: keeping it can only
      // withhold more, never tell anyone more (a record repaired before a bank began watching stays
      // unheard of when it is corrected afterwards).
      if (wanting.length === 0 && !ENDING.has(e.type)) continue;
      feedSeq = consumer === CONSUMER ? Math.max(feedSeq + 1, e.seq) : feedSeq + 1;
      const seq = feedSeq;
      changes.push({
        seq, at: new Date(e.at), type: e.type, subjectKind: e.subjectKind, subject: e.subject,
        category: e.category, recordType: e.recordType, recordId: e.recordId, itemCode: e.itemCode,
        departmentCode: e.departmentCode, version: e.version, source: e.source,
        detail: e.detail === null || e.detail === undefined ? null : typeof e.detail === 'string' ? e.detail : JSON.stringify(e.detail),
      });
      for (const w of wanting) {
        entries.push({ institutionId: w.institutionId, seq });
        for (const h of hooks.get(w.institutionId) ?? []) {
          if (!wantsEvent(h.events, e.type)) continue;
          messages.push({
            id: newMessageId(), webhookId: h.id, institutionId: w.institutionId, seq, status: 'PENDING',
            createdAt: now, nextAttemptAt: now, retryUntil,
          });
        }
      }
    }
    await insertMatches(tx, db.reader.provider, changes, entries);
    await enqueueDeliveries(tx, db.reader.provider, messages);
    await writeCursor(tx, consumer, fresh[fresh.length - 1]!.seq, now);
    await writeCursor(tx, FEED_SEQUENCE, feedSeq, now);
    return { changes: changes.length, entries: entries.length, messages: messages.length };
  }, { timeout: 120_000, maxWait: 30_000 });
}
