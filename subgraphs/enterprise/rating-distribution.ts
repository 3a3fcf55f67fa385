/**
 * `ratingDistribution(region, industry)`: how many enterprises of a region and industry fall in
 * each grade, computed from the archive with the rating every caller sees (rating.ts). The
 * enterprises are walked in pages of PAGE on the (regionCode | industryCode, name, uscc) index, each
 * page rated from fresh loaders: 1 + 7 statements per page, memory bounded by one page. It reads
 * the records of every enterprise it counts, so a request costs in proportion to the population
 * asked about (a district's industry: thousands); a city-wide figure at 1 M enterprises wants
 * grades kept with the enterprise, which is statistics work not done here (issue 16, left).
 */
import { badUserInput, forbidden } from '../../lib/errors.ts';
import { isOperatorOrGovernment } from '../../lib/principals.ts';
import type { Context } from './context.ts';
import { findEnterprisePage } from './db/enterprises.ts';
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
  let total = 0;
  let after: { name: string; uscc: string } | null = null;
  for (;;) {
    const page = await findEnterprisePage(ctx.db, { filter: { regionCode: region, industryCode: industry }, after, take: PAGE });
    if (page.length === 0) break;
    const loaders = createLoaders(ctx.db, ctx.caller, { today: ctx.today, catalogue: ctx.catalogue });
    const ratings = await Promise.all(page.map((e) => ratingFromLoaders(loaders, e.uscc, ctx.today, ctx.catalogue)));
    for (const r of ratings) counts.set(r.grade, counts.get(r.grade)! + 1);
    total += page.length;
    const last = page.at(-1)!;
    after = { name: last.name, uscc: last.uscc };
    if (page.length < PAGE) break;
  }
  return {
    regionCode: region, industryCode: industry, total,
    grades: GRADES.map((grade) => ({ grade, count: counts.get(grade)!, share: total === 0 ? 0 : counts.get(grade)! / total })),
  };
}
