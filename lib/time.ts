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

/** The calendar date in China Standard Time at `now`, `YYYY-MM-DD`. */
export function todayCST(now: Date = new Date()): string {
  return new Date(now.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** Start (as a UTC instant) of the UTC hour containing `at` (the same instant in every whole-hour zone). */
export function hourStart(at: Date): Date {
  return new Date(at.getTime() - mod(at.getTime(), HOUR_MS));
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
