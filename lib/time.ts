/**
 * China Standard Time (UTC+8, no daylight saving since 1991): "today" for publicity periods and
 * deadlines, and the CST days and months that usage and quotas are counted in. Pure; every
 * function takes the instant, so a test's clock decides.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** UTC+8. */
export const CST_OFFSET_MS = 8 * HOUR_MS;

/** Floor modulo: also right for instants before 1970. */
const mod = (a: number, m: number) => ((a % m) + m) % m;

/** The last day `todayCST` formatted: the response cache asks for every request's key, and it changes once a day. */
let lastDay = { day: NaN, text: '' };

/** The calendar date in China Standard Time at `now`, `YYYY-MM-DD`. */
export function todayCST(now: Date = new Date()): string {
  const day = Math.floor((now.getTime() + CST_OFFSET_MS) / DAY_MS);
  if (day !== lastDay.day) lastDay = { day, text: new Date(day * DAY_MS).toISOString().slice(0, 10) };
  return lastDay.text;
}

/** Start (as a UTC instant) of the UTC hour containing `at` (the same instant in every whole-hour zone). */
export function hourStart(at: Date): Date {
  return new Date(hourStartMs(at.getTime()));
}

/** `hourStart` in milliseconds since the epoch. */
export function hourStartMs(ms: number): number {
  return ms - mod(ms, HOUR_MS);
}

/** Start (as a UTC instant) of the CST day containing `at`. */
export function cstDayStart(at: Date): Date {
  return new Date(at.getTime() - mod(at.getTime() + CST_OFFSET_MS, DAY_MS));
}

/** Start (as a UTC instant) of the CST month containing `at`. */
export function cstMonthStart(at: Date): Date {
  const cst = new Date(at.getTime() + CST_OFFSET_MS);
  return new Date(Date.UTC(cst.getUTCFullYear(), cst.getUTCMonth(), 1) - CST_OFFSET_MS);
}

/** Start (as a UTC instant) of the CST month after the one containing `at`. */
export function nextCstMonthStart(at: Date): Date {
  const cst = new Date(at.getTime() + CST_OFFSET_MS);
  return new Date(Date.UTC(cst.getUTCFullYear(), cst.getUTCMonth() + 1, 1) - CST_OFFSET_MS);
}

/** `2026-03-01T00:00:00+08:00`: an instant written in China Standard Time (whole seconds). */
export function formatCst(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().replace(/\.\d{3}Z$/, '+08:00');
}

// --- Calendar dates as the archive stores them (`YYYY-MM-DD`, no time zone): validation and the
// small arithmetic the workflows need. Pure; computed in UTC so no local zone can shift a day.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (2025-02-30 is not one). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function toUtc(date: string): Date {
  if (!isIsoDate(date)) throw new RangeError(`expected a date YYYY-MM-DD, got '${date}'`);
  return new Date(`${date}T00:00:00Z`);
}

const fromUtc = (d: Date): string => d.toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

/**
 * `months` calendar months later; a day the target month lacks is clamped to its last day
 * (2025-03-31 + 3 months = 2025-06-30; 2024-02-29 + 12 months = 2025-02-28).
 */
export function addMonths(date: string, months: number): string {
  const d = toUtc(date);
  const day = d.getUTCDate();
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return fromUtc(target);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return toUtc(date).getUTCDay();
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000);
}
