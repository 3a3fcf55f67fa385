/** Days and months for usage and quotas are counted in China Standard Time (UTC+8, no DST). */
const CST_MS = 8 * 3600_000;

/** Start (as a UTC instant) of the CST day containing `at`. */
export function cstDayStart(at: Date): Date {
  const shifted = at.getTime() + CST_MS;
  return new Date(shifted - (shifted % 86_400_000) - CST_MS);
}

/** Start (as a UTC instant) of the CST month containing `at`. */
export function cstMonthStart(at: Date): Date {
  const s = new Date(at.getTime() + CST_MS);
  return new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth(), 1) - CST_MS);
}

export function nextCstMonthStart(at: Date): Date {
  const s = new Date(at.getTime() + CST_MS);
  return new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + 1, 1) - CST_MS);
}

/** Start of the UTC hour containing `at` (hours are the same instants in every whole-hour zone). */
export function hourStart(at: Date): Date {
  return new Date(at.getTime() - (at.getTime() % 3_600_000));
}
