/**
 * The monitoring feed: the follower's cursor, the changes copied from the change log, each
 * institution's feed entries, and the disclosure check every delivery makes. Every Prisma call on
 * MonitorCursor, MonitoredChange and FeedEntry.
 */
import type { FeedEntry, MonitoredChange, Prisma } from '../../../prisma/generated/platform/sqlite/client.ts';
import type { DatabaseProvider } from '../../../lib/config.ts';
import { insertRows } from '../../../lib/db/bulk-insert.ts';
import type { Db, Tx } from './client.ts';
import { chunks } from './watches.ts';

export type { MonitoredChange };

/** The seq of the last change-log event `consumer` committed (0: none yet). */
export async function readCursor(db: Tx, consumer: string): Promise<number> {
  return (await db.prisma.monitorCursor.findUnique({ where: { consumer } }))?.seq ?? 0;
}

export async function writeCursor(tx: Tx, consumer: string, seq: number, now: Date): Promise<void> {
  await tx.prisma.monitorCursor.upsert({
    where: { consumer }, create: { consumer, seq, updatedAt: now }, update: { seq, updatedAt: now },
  });
}

/**
 * The feed's own sequence (issue 14: two change logs, the enterprise's and the person's, feed one
 * ordered feed per institution). Its last number is kept in MonitorCursor under this name; the
 * matcher locks that row first in its transaction (upsert), so matchers of the two logs are
 * serialized and a feed reader never sees a higher number before a lower one commits.
 */
export const FEED_SEQUENCE = 'monitoring:feed-seq';

/** Locks the feed's sequence row and answers its last number (on first use, the highest seq already in the feed). */
export async function lockFeedSequence(tx: Tx, now: Date): Promise<number> {
  const row = await tx.prisma.monitorCursor.findUnique({ where: { consumer: FEED_SEQUENCE } });
  const start = row ? 0 : (await tx.prisma.monitoredChange.aggregate({ _max: { seq: true } }))._max.seq ?? 0;
  return (await tx.prisma.monitorCursor.upsert({
    where: { consumer: FEED_SEQUENCE }, create: { consumer: FEED_SEQUENCE, seq: start, updatedAt: now }, update: { updatedAt: now },
  })).seq;
}

/** The matched changes and their feed entries, as raw multi-row INSERTs (lib/db/bulk-insert.ts: a fan-out writes many). */
export async function insertMatches(
  tx: Tx, provider: DatabaseProvider, changes: Prisma.MonitoredChangeCreateManyInput[], entries: Pick<FeedEntry, 'institutionId' | 'seq'>[],
): Promise<void> {
  await insertRows(tx, provider, 'MonitoredChange', changes);
  await insertRows(tx, provider, 'FeedEntry', entries);
}

/** Up to `first` of an institution's feed entries after `since`, in order, with their changes. */
export async function feedAfter(db: Db, institutionId: string, since: number, first: number): Promise<MonitoredChange[]> {
  const entries = await db.prisma.feedEntry.findMany({
    where: { institutionId, seq: { gt: since } }, orderBy: { seq: 'asc' }, take: first, select: { seq: true },
  });
  return changesBySeq(db, entries.map((e) => e.seq));
}

/** The changes of these seqs, in seq order. */
export async function changesBySeq(db: Tx, seqs: readonly number[]): Promise<MonitoredChange[]> {
  const rows: MonitoredChange[] = [];
  for (const part of chunks(seqs)) rows.push(...await db.prisma.monitoredChange.findMany({ where: { seq: { in: part } } }));
  return rows.sort((a, b) => a.seq - b.seq);
}

/** Of these seqs of an institution's feed, those whose disclosure the person's access log already holds (issue 14). */
export async function disclosuresLogged(db: Tx, institutionId: string, seqs: readonly number[]): Promise<Set<number>> {
  const out = new Set<number>();
  for (const part of chunks(seqs)) {
    const rows = await db.prisma.feedEntry.findMany({ where: { institutionId, seq: { in: part }, disclosureLogged: true }, select: { seq: true } });
    for (const r of rows) out.add(r.seq);
  }
  return out;
}

/** Notes that the person's access log now holds these events' disclosure to the institution. */
export async function markDisclosuresLogged(db: Tx, institutionId: string, seqs: readonly number[]): Promise<void> {
  for (const part of chunks(seqs)) {
    await db.prisma.feedEntry.updateMany({ where: { institutionId, seq: { in: part } }, data: { disclosureLogged: true } });
  }
}

/** Events that end a record's disclosure (lib/change-log.ts). */
// A record past its publicity end is withheld from the public archive as a repaired one is, and a
// deleted one is gone: the feed stops telling of them alike (disclosure at delivery).
export const ENDING_TYPES = ['RECORD_REPAIRED', 'RECORD_WITHDRAWN', 'RECORD_EXPIRED', 'RECORD_DELETED'] as const;

/** Of these record ids, those repaired, withdrawn, past their publicity or deleted by now. */
export async function endedRecords(db: Tx, recordIds: readonly string[]): Promise<Set<string>> {
  const ended = new Set<string>();
  for (const part of chunks([...new Set(recordIds)])) {
    const rows = await db.prisma.monitoredChange.findMany({
      where: { recordId: { in: part }, type: { in: [...ENDING_TYPES] } }, select: { recordId: true },
    });
    for (const r of rows) if (r.recordId) ended.add(r.recordId);
  }
  return ended;
}
