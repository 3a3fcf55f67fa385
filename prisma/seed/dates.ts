/**
 * Calendar dates as day numbers (days since 1970-01-01), printed as ISO `YYYY-MM-DD` like every
 * date column of the databases. "Today" is the date in China Standard Time (UTC+8): lib/time.ts.
 */

const MS_PER_DAY = 86_400_000;

/** Day number of an ISO date `YYYY-MM-DD`. */
export function dayOf(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`expected a date YYYY-MM-DD; got '${iso}'`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const day = ms / MS_PER_DAY;
  if (isoOfUncached(day) !== iso) throw new RangeError(`not a calendar date: '${iso}'`);
  return day;
}

function isoOfUncached(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

// Formatting is hot (tens of millions of dates in a large seed): memoise 1900-2100.
const CACHE_FROM = -25_567; // 1900-01-01
const cache: string[] = [];

export function isoOf(day: number): string {
  const k = day - CACHE_FROM;
  if (k >= 0 && k < 73_415) return (cache[k] ??= isoOfUncached(day));
  return isoOfUncached(day);
}

// Civil-calendar arithmetic without Date objects (H. Hinnant's days_from_civil / civil_from_days):
// a large seed computes tens of millions of dates.

/** [year, month 1-12, day 1-31] of a day number. */
export function civilOf(day: number): [number, number, number] {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** Day number of a civil date (month 1-12). */
export function dayOfCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `day` plus `months` calendar months, clamped to the end of a shorter month (01-31 + 1 → 02-28). */
export function addMonths(day: number, months: number): number {
  const [y, m, d] = civilOf(day);
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = total - ty * 12 + 1;
  const last = tm === 2 && isLeap(ty) ? 29 : MONTH_DAYS[tm - 1]!;
  return dayOfCivil(ty, tm, Math.min(d, last));
}

export function yearOf(day: number): number {
  return civilOf(day)[0];
}

/** Day number of 1 January of `year`. */
export function newYear(year: number): number {
  return dayOfCivil(year, 1, 1);
}
