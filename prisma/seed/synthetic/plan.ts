/**
 * The plan of a seed: how many of each, and the day and moment everything is relative to.
 *
 * The generator (this directory: one file per kind of subject, plus their archive records and
 * loans) is the deterministic synthetic data set: pure functions of (plan, index). Enterprise n,
 * person n and social organisation n are the same for every seed size (they draw from their own
 * PRNG, seeded by their index); only the date everything is relative to (`plan.today`) and the
 * number of persons (who is whose legal representative) change them. No I/O, no clock, no
 * Math.random.
 *
 * The first three enterprises and persons are the demo's: enterprise 0 has a record in every
 * archive category (including one past its publicity end and one repaired) and a loan; person 0
 * is its legal representative.
 */
import { dayOf } from '../dates.ts';

export interface SeedPlan {
  enterprises: number;
  persons: number;
  socialOrgs: number;
  /** The date the data is relative to (China Standard Time), YYYY-MM-DD. */
  today: string;
  /** The same as a day number. */
  todayDay: number;
  /** The moment timestamps (consent, institution creation) are relative to. */
  now: Date;
}

/** Number of demo enterprises and persons listed in the credentials file. */
export const DEMO_COUNT = 3;

export function makePlan(o: { enterprises: number; persons: number; socialOrgs?: number; today: string; now: Date }): SeedPlan {
  const count = (name: string, v: number, min: number) => {
    if (!Number.isSafeInteger(v) || v < min) throw new RangeError(`${name} must be an integer ≥ ${min}; got ${v}`);
    return v;
  };
  const enterprises = count('enterprises', o.enterprises, DEMO_COUNT);
  if (!(o.now instanceof Date) || Number.isNaN(o.now.getTime())) throw new RangeError('now must be a valid Date');
  return {
    enterprises,
    persons: count('persons', o.persons, DEMO_COUNT),
    // "A few hundred social organisations per few thousand enterprises."
    socialOrgs: o.socialOrgs === undefined ? Math.max(1, Math.round(enterprises / 10)) : count('socialOrgs', o.socialOrgs, 0),
    today: o.today,
    todayDay: dayOf(o.today),
    now: o.now,
  };
}
