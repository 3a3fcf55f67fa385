/** Watchlists (monitoring): every Prisma call on Watch. */
import { transaction } from '../../../lib/db/client.ts';
import { badUserInput } from '../../../lib/errors.ts';
import type { Watch } from '../../../prisma/generated/platform/sqlite/client.ts';
import { MAX_WATCHED } from '../monitoring/subjects.ts';
import type { Db, Tx } from './client.ts';

/** Bound parameters per `IN (...)` list: far under SQLite's 32,766 and PostgreSQL's 65,535. */
export const IN_CHUNK = 1000;

export function chunks<T>(items: readonly T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Watches `subjects` (valid USCCs) for `events` (stored form): new ones are added, watched ones get
 * these events. Refuses (WATCHLIST_FULL) what would take the institution past MAX_WATCHED.
 *
 * A watch's createdAt is when it began, and it hears of changes recorded from then on (the
 * matcher's watchCovers). Watching a watched subject again keeps createdAt and replaces only its
 * events: the subject has been watched all along (a bank uploading its whole book again each day
 * must not lose the changes the matcher has not read yet), so a change of event types applies to
 * the events the matcher reads from then on. A subject unwatched and then watched again begins
 * anew: unwatchSubjects deletes the row, and what was recorded before the new watch began, in
 * between included, is never delivered. These two are where the matcher's lag still shows, since
 * no history of a watch is kept: a change recorded just before a change of types reaches the
 * watcher by the types it had when the matcher read it, and one recorded just before an unwatch
 * that the matcher had not read by then reaches no one.
 */
export async function watchSubjects(
  db: Db, institutionId: string, subjects: readonly string[], events: string, now: Date,
): Promise<{ watched: number; total: number }> {
  return transaction(db, async (tx) => {
    const existing = new Set<string>();
    for (const part of chunks(subjects)) {
      const rows = await tx.prisma.watch.findMany({ where: { institutionId, subject: { in: part } }, select: { subject: true } });
      for (const r of rows) existing.add(r.subject);
    }
    const added = subjects.filter((s) => !existing.has(s));
    const before = await tx.prisma.watch.count({ where: { institutionId } });
    if (before + added.length > MAX_WATCHED) {
      throw badUserInput('WATCHLIST_FULL', `at most ${MAX_WATCHED} subjects per institution: ${before} watched, ${added.length} more asked`);
    }
    for (const part of chunks([...existing])) {
      await tx.prisma.watch.updateMany({ where: { institutionId, subject: { in: part } }, data: { events } });
    }
    for (const part of chunks(added)) {
      await tx.prisma.watch.createMany({ data: part.map((subject) => ({ institutionId, subject, events, createdAt: now })) });
    }
    return { watched: subjects.length, total: before + added.length };
  });
}

export async function unwatchSubjects(db: Db, institutionId: string, subjects: readonly string[]): Promise<number> {
  let removed = 0;
  for (const part of chunks(subjects)) {
    removed += (await db.prisma.watch.deleteMany({ where: { institutionId, subject: { in: part } } })).count;
  }
  return removed;
}

/** A page of the watchlist by subject, after subject `after`. */
export function watchlistPage(db: Db, institutionId: string, first: number, after: string | null): Promise<Watch[]> {
  return db.prisma.watch.findMany({
    where: { institutionId, ...(after ? { subject: { gt: after } } : {}) },
    orderBy: { subject: 'asc' },
    take: first,
  });
}

export const countWatches = (db: Db, institutionId: string): Promise<number> => db.prisma.watch.count({ where: { institutionId } });

/** Every watch of any of `subjects` (the matcher's one lookup per batch of changes). */
export async function watchesOf(tx: Tx, subjects: readonly string[]): Promise<Pick<Watch, 'institutionId' | 'subject' | 'events' | 'createdAt'>[]> {
  const out: Pick<Watch, 'institutionId' | 'subject' | 'events' | 'createdAt'>[] = [];
  for (const part of chunks(subjects)) {
    out.push(...await tx.prisma.watch.findMany({
      where: { subject: { in: part } }, select: { institutionId: true, subject: true, events: true, createdAt: true },
    }));
  }
  return out;
}
