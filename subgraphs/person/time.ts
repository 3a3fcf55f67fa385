/** "Today" for publicity periods: the calendar date in China Standard Time (UTC+8, no DST). */
const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

export function todayCST(now: Date = new Date()): string {
  return new Date(now.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}
