/**
 * The daily retention run's shared parts (issue 13), for every subgraph that keeps collected records
 * with a publicity period (the enterprise subgraph's archive, the social-org subgraph's): its
 * settings, read by each process's config loader from the same variables; the schedule at a CST
 * hour; and the calendar arithmetic of "N years after the publicity end". The rule itself stays
 * with each owner's tables (subgraphs/<name>/db/retention.ts), in one transaction of its database,
 * with its own report.
 */
import { z } from 'zod';
import type { Logger } from '../logger.ts';
import { repeat } from '../repeat.ts';
import { CST_OFFSET_MS, DAY_MS, HOUR_MS, todayCST } from '../time.ts';

export const retentionSchema = z.object({
  /** RETENTION_HOUR_CST: 0–23, the hour of the daily retention run (default 3); `off` leaves it to the CLI. */
  RETENTION_HOUR_CST: z.union([z.literal('off'), z.coerce.number().int().min(0).max(23)]).default(3),
  /** RETENTION_NEGATIVE_YEARS: negative records are deleted this many years after their publicity end (Zhejiang: 5). */
  RETENTION_NEGATIVE_YEARS: z.coerce.number().int().min(1).max(100).default(5),
});

/** The run's CST hour (null: not in-process) and how long negative records are kept after their publicity end. */
export interface RetentionSettings { hourCst: number | null; negativeYears: number }

export const retentionOf = (own: z.infer<typeof retentionSchema>): RetentionSettings =>
  ({ hourCst: own.RETENTION_HOUR_CST === 'off' ? null : own.RETENTION_HOUR_CST, negativeYears: own.RETENTION_NEGATIVE_YEARS });

/** `day` (YYYY-MM-DD) moved back `years` calendar years (29 February stays a string that compares right). */
export const yearsBefore = (day: string, years: number): string => `${String(Number(day.slice(0, 4)) - years).padStart(4, '0')}${day.slice(4)}`;

/** Milliseconds from `now` to the next `hourCst`:00 CST (a full day when it is that instant). */
export function untilNextRun(now: Date, hourCst: number): number {
  const cst = now.getTime() + CST_OFFSET_MS;
  const dayStart = cst - (((cst % DAY_MS) + DAY_MS) % DAY_MS);
  let at = dayStart + hourCst * HOUR_MS;
  if (at <= cst) at += DAY_MS;
  return at - cst;
}

/** What one owner's run is told, and what its report says. */
export interface RetentionOptions { today: string; now: Date; negativeYears: number; trigger: 'SCHEDULED' | 'CLI' }
export interface RetentionReport { id: string; expired: number; deleted: number; held: number }

/**
 * Runs `run` daily at `hourCst`:00 CST; the returned function stops it (a run in progress finishes).
 * A day missed while the process was down is not made up at start: the next run logs every expiry
 * since the previous run and deletes whatever has come due by then, so nothing is lost, and a
 * restart never starts a long transaction by surprise.
 */
export function scheduleRetention(
  run: (o: RetentionOptions) => Promise<RetentionReport>, s: { hourCst: number; negativeYears: number }, clock: () => Date, log: Logger,
): () => Promise<void> {
  return repeat(untilNextRun(clock(), s.hourCst), async () => {
    const now = clock();
    try {
      const r = await run({ today: todayCST(now), now, negativeYears: s.negativeYears, trigger: 'SCHEDULED' });
      log.info({ retentionRun: r.id, expired: r.expired, deleted: r.deleted, held: r.held }, 'retention run done');
    } catch (err) {
      log.error({ err }, 'retention run failed; the next one catches up');
    }
    return untilNextRun(clock(), s.hourCst);
  });
}
