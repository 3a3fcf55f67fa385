/**
 * The grade tracker (issue 14, "rating grade change"): ratings are computed on read (rating.ts), so
 * nothing writes when a grade moves. The tracker follows the change log from its own cursor, rates
 * again every enterprise an event touched (with fresh loaders for an anonymous caller: the grade
 * every caller sees), and logs RATING_CHANGED { from, to, score, previousScore } for each grade that
 * differs from the one it last recorded (SubjectGrade). A subject it sees for the first time is only
 * recorded: there is no earlier grade to change from. A grade that moves with `today` alone (a
 * publicity end) is caught because the daily retention run logs RECORD_EXPIRED for that record.
 *
 * Rating happens outside the transaction; the transaction locks the cursor row first, so a second
 * tracker (another process on the same database) waits and then finds the cursor moved and drops
 * its round: each change is logged once. An event committed after the rating read is after the
 * cursor the round moves to, so the next round rates the subject again.
 */
import { ANONYMOUS, type Caller } from '../../lib/caller.ts';
import type { Catalogue } from '../../lib/catalogue/index.ts';
import type { ChangeEventInput } from '../../lib/change-log.ts';
import type { DatabaseProvider } from '../../lib/config.ts';
import { transaction } from '../../lib/db/client.ts';
import type { Logger } from '../../lib/logger.ts';
import { repeat } from '../../lib/repeat.ts';
import { todayCST } from '../../lib/time.ts';
import { appendChangeEvents, findChangeEvents } from './db/change-log.ts';
import type { Db } from './db/client.ts';
import { gradesOf, lockGradeCursor, moveGradeCursor, readGradeCursor, saveGrades, type SubjectGradeRow } from './db/grades.ts';
import { createLoaders } from './loaders.ts';
import { ratingFromLoaders } from './rating.ts';

/** Change events read per round: one batch of rating reads (7 statements) and one transaction. */
export const BATCH = 500;

const TRACKER: Caller = Object.freeze({ principal: ANONYMOUS, purpose: null, requestId: 'grade-tracker' });

export interface GradeRound {
  /** Events read after the cursor (0: the log had nothing new). */
  events: number;
  rated: number;
  /** RATING_CHANGED events logged. */
  changed: number;
  /** Another tracker moved the cursor first: this round wrote nothing. */
  dropped: boolean;
}

/** One round: the events after the cursor (at most BATCH), their subjects rated, changes logged. */
/** `catalogue`: the items whose records the rating may count (the public ones, rating.ts). */
export async function trackGrades(db: Db, opts: { now: Date; provider: DatabaseProvider; catalogue: Catalogue }): Promise<GradeRound> {
  const start = await readGradeCursor(db);
  const events = await findChangeEvents(db, start, BATCH);
  if (events.length === 0) return { events: 0, rated: 0, changed: 0, dropped: false };
  // Its own events say nothing new about the archive; persons and social organisations are not rated here.
  const subjects = [...new Set(events.filter((e) => e.type !== 'RATING_CHANGED' && e.subjectKind === 'LEGAL_PERSON').map((e) => e.subject))];
  const today = todayCST(opts.now);
  const loaders = createLoaders(db, TRACKER, { today, catalogue: opts.catalogue });
  const ratings = await Promise.all(subjects.map(async (uscc) => ({ uscc, ...await ratingFromLoaders(loaders, uscc, today, opts.catalogue) })));
  return transaction(db, async (tx) => {
    if (await lockGradeCursor(tx) !== start) return { events: events.length, rated: 0, changed: 0, dropped: true };
    const known = new Map((subjects.length > 0 ? await gradesOf(tx, subjects) : []).map((g) => [g.uscc, g]));
    const fresh: SubjectGradeRow[] = [];
    const moved: SubjectGradeRow[] = [];
    const changes: ChangeEventInput[] = [];
    for (const r of ratings) {
      const before = known.get(r.uscc);
      const now: SubjectGradeRow = { uscc: r.uscc, grade: r.grade, score: r.score, ratedAt: opts.now };
      if (!before) {
        fresh.push(now);
        continue;
      }
      if (before.grade === r.grade && before.score === r.score) continue;
      moved.push(now);
      if (before.grade === r.grade) continue;
      changes.push({
        type: 'RATING_CHANGED', subjectKind: 'LEGAL_PERSON', subject: r.uscc, category: null, recordType: null, recordId: null,
        source: 'RATING', detail: { from: before.grade, to: r.grade, score: r.score, previousScore: before.score },
      });
    }
    await appendChangeEvents(tx, changes, opts.now, opts.provider);
    await saveGrades(tx, fresh, moved);
    await moveGradeCursor(tx, events.at(-1)!.seq);
    return { events: events.length, rated: ratings.length, changed: changes.length, dropped: false };
  }, { timeout: 60_000, maxWait: 30_000 });
}

/**
 * Runs rounds in this process every `intervalMs` (at once again while the log has a full batch
 * waiting); the returned function stops it (a round in progress finishes).
 */
export function scheduleGradeTracker(
  db: Db, opts: { intervalMs: number; provider: DatabaseProvider; catalogue: Catalogue }, clock: () => Date, log: Logger,
): () => Promise<void> {
  return repeat(opts.intervalMs, async () => {
    try {
      const round = await trackGrades(db, { now: clock(), provider: opts.provider, catalogue: opts.catalogue });
      if (round.changed > 0) log.info({ gradesChanged: round.changed, rated: round.rated }, 'rating grades changed');
      if (round.events === BATCH && !round.dropped) return 0;
    } catch (err) {
      log.error({ err }, 'grade tracker round failed; the next one retries from the same cursor');
    }
    return opts.intervalMs;
  });
}
