/**
 * `ratingDistribution(region, industry)` and `creditStatistics.grades`: how many enterprises of a
 * region and industry fall in each grade, by the rating every caller sees (rating.ts).
 *
 * When the grade tracker (grades.ts) has rated every change logged so far, its table SubjectGrade
 * holds each enterprise's current grade: the counts are one indexed GROUP BY (db/grade-counts.ts),
 * whatever the population. Enterprises it has not rated yet (never named by a change event since it
 * started: a seeded or imported archive) are rated here, page by page, and counted with the rest:
 * the answer equals rating every enterprise, and costs that only for the unrated ones (nothing is
 * written: the tracker records a subject when an event names it). When the tracker is behind (off,
 * or events after its cursor), every enterprise in scope is rated here as before: walked in pages
 * of PAGE on the (regionCode | industryCode, name, uscc) index, each page from fresh loaders (1 + 7
 * statements per page, memory bounded by one page).
 */
import { badUserInput, forbidden } from '../../lib/errors.ts';
import { isOperatorOrGovernment } from '../../lib/principals.ts';
import type { Context } from './context.ts';
import { findEnterprisePage } from './db/enterprises.ts';
import { gradesCurrent, keptGradeCounts, ungradedPage } from './db/grade-counts.ts';
import { countEnterprises } from './db/statistics.ts';
import { createLoaders } from './loaders.ts';
import { GRADES, ratingFromLoaders, type Grade } from './rating.ts';

export const PAGE = 1000;

export interface RatingDistribution {
  regionCode: string | null;
  industryCode: string | null;
  total: number;
  grades: { grade: Grade; count: number; share: number }[];
}

export async function ratingDistribution(
  ctx: Context, args: { region?: string | null; industry?: string | null },
): Promise<RatingDistribution> {
  if (!isOperatorOrGovernment(ctx.caller.principal)) throw forbidden('Rating statistics are for government institutions and operators.');
  const region = args.region ?? null;
  const industry = args.industry ?? null;
  if (region !== null && !/^\d{6}$/.test(region)) throw badUserInput('REGION_FORMAT', `region must be a 6-digit region code; got ${JSON.stringify(region)}`);
  if (industry !== null && !/^[A-T]$/.test(industry)) throw badUserInput('INDUSTRY_FORMAT', `industry must be a GB/T 4754 section letter A-T; got ${JSON.stringify(industry)}`);
  const counts = new Map<Grade, number>(GRADES.map((g) => [g, 0]));
  const scope = { region, industry };
  if (await gradesCurrent(ctx.db)) {
    for (const r of await keptGradeCounts(ctx.db, scope)) counts.set(r.grade as Grade, (counts.get(r.grade as Grade) ?? 0) + r.n);
    const kept = [...counts.values()].reduce((a, b) => a + b, 0);
    if (kept < await countEnterprises(ctx.db, scope)) {
      await ratePages(ctx, counts, (after: string | null) => ungradedPage(ctx.db, scope, after, PAGE), (e) => e.uscc);
    }
  } else {
    await ratePages(ctx, counts, (after: { name: string; uscc: string } | null) =>
      findEnterprisePage(ctx.db, { filter: { regionCode: region, industryCode: industry }, after, take: PAGE }), (e) => ({ name: e.name, uscc: e.uscc }));
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  return {
    regionCode: region, industryCode: industry, total,
    grades: GRADES.map((grade) => ({ grade, count: counts.get(grade)!, share: total === 0 ? 0 : counts.get(grade)! / total })),
  };
}

/** Rates the enterprises of each page `next(after)` gives, until a short page, adding their grades to `counts`. */
async function ratePages<E extends { uscc: string }, C>(
  ctx: Context, counts: Map<Grade, number>, next: (after: C | null) => Promise<E[]>, cursorOf: (e: E) => C,
): Promise<void> {
  let after: C | null = null;
  for (;;) {
    const page = await next(after);
    if (page.length === 0) return;
    const loaders = createLoaders(ctx.db, ctx.caller, { today: ctx.today, catalogue: ctx.catalogue });
    const ratings = await Promise.all(page.map((e) => ratingFromLoaders(loaders, e.uscc, ctx.today, ctx.catalogue)));
    for (const r of ratings) counts.set(r.grade, counts.get(r.grade)! + 1);
    if (page.length < PAGE) return;
    after = cursorOf(page.at(-1)!);
  }
}
