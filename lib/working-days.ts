/**
 * Working days (工作日) by China's official holiday calendar: Monday to Friday, minus the public
 * holidays, plus the make-up working days (调休上班日) that fall on a weekend. Deadlines of the
 * credit workflows (objection check 1 day, decision 2 + 3, repair 3 + 3) are counted here, in the
 * enterprise and the person subgraphs alike.
 *
 * The calendar is data (calendar/cn-holidays.json, or the file HOLIDAY_CALENDAR_FILE names), read
 * once at start by a subgraph's main.ts (`loadHolidayCalendar`) and passed in; everything else here
 * is pure. Outside the years it covers, Monday to Friday count as working days (`coversYear`; the
 * loader warns about that).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { addDays, dayOfWeek, isIsoDate, todayCST } from './time.ts';
import type { Logger } from './logger.ts';

/** The calendar shipped with the code: 2026 (official) and 2027 (provisional). */
export const DEFAULT_HOLIDAY_CALENDAR_FILE = fileURLToPath(new URL('./calendar/cn-holidays.json', import.meta.url));

export interface HolidayCalendar {
  /** Years with a schedule, and whether it is the official one or provisional. */
  readonly years: ReadonlyMap<number, 'official' | 'provisional'>;
  /** Weekdays and weekend days off. */
  readonly holidays: ReadonlySet<string>;
  /** Weekend days that are working days. */
  readonly workdays: ReadonlySet<string>;
}

/** No holidays: Monday to Friday. */
export const WEEKDAYS_ONLY: HolidayCalendar = { years: new Map(), holidays: new Set(), workdays: new Set() };

export class HolidayCalendarError extends Error {
  override name = 'HolidayCalendarError';
}

interface RawYear {
  status?: unknown;
  holidays?: unknown;
  workdays?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validates the JSON shape `{ years: { "2026": { status, holidays: [{ name, from, to }],
 * workdays: [{ date, for }] } } }` and lists every problem in one error.
 */
export function parseHolidayCalendar(json: unknown, source = 'holiday calendar'): HolidayCalendar {
  const issues: string[] = [];
  const years = new Map<number, 'official' | 'provisional'>();
  const holidays = new Set<string>();
  const workdays = new Set<string>();
  if (!isObject(json) || !isObject(json.years)) throw new HolidayCalendarError(`${source}: expected an object with "years"`);
  for (const [key, raw] of Object.entries(json.years as Record<string, RawYear>)) {
    const year = Number(key);
    if (!/^\d{4}$/.test(key)) { issues.push(`years.${key}: expected a four-digit year`); continue; }
    if (!isObject(raw)) { issues.push(`years.${key}: expected an object`); continue; }
    if (raw.status !== 'official' && raw.status !== 'provisional') issues.push(`years.${key}.status: expected "official" or "provisional"`);
    years.set(year, raw.status === 'official' ? 'official' : 'provisional');
    // A year's notice may reach into the neighbouring year (元旦 from 31 December, a make-up day
    // in late December): a date only has to lie within a month of its year.
    const inYear = (date: unknown, where: string): date is string => {
      if (typeof date !== 'string' || !isIsoDate(date)) { issues.push(`${where}: expected a date YYYY-MM-DD, got ${JSON.stringify(date)}`); return false; }
      if (date < `${year - 1}-12-01` || date > `${year + 1}-01-31`) { issues.push(`${where}: ${date} is not in or next to ${year}`); return false; }
      return true;
    };
    (Array.isArray(raw.holidays) ? raw.holidays : (issues.push(`years.${key}.holidays: expected a list`), [])).forEach((h: unknown, i: number) => {
      const where = `years.${key}.holidays[${i}]`;
      if (!isObject(h)) { issues.push(`${where}: expected { name, from, to }`); return; }
      if (!inYear(h.from, `${where}.from`) || !inYear(h.to, `${where}.to`)) return;
      if (h.to < h.from) { issues.push(`${where}: to (${h.to}) is before from (${h.from})`); return; }
      if (h.to > addDays(h.from, 30)) { issues.push(`${where}: a holiday of more than a month`); return; }
      for (let d = h.from; d <= h.to; d = addDays(d, 1)) holidays.add(d);
    });
    (Array.isArray(raw.workdays) ? raw.workdays : (issues.push(`years.${key}.workdays: expected a list`), [])).forEach((w: unknown, i: number) => {
      const where = `years.${key}.workdays[${i}]`;
      if (!isObject(w)) { issues.push(`${where}: expected { date, for }`); return; }
      if (!inYear(w.date, `${where}.date`)) return;
      const dow = dayOfWeek(w.date);
      if (dow !== 0 && dow !== 6) { issues.push(`${where}: ${w.date} is a weekday; only a Saturday or Sunday can be a make-up working day`); return; }
      workdays.add(w.date);
    });
  }
  for (const d of workdays) if (holidays.has(d)) issues.push(`${d} is both a holiday and a make-up working day`);
  if (issues.length > 0) throw new HolidayCalendarError(`${source}:\n${issues.map((i) => `- ${i}`).join('\n')}`);
  return { years, holidays, workdays };
}

export function isWorkingDay(calendar: HolidayCalendar, date: string): boolean {
  if (calendar.workdays.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  const dow = dayOfWeek(date);
  return dow !== 0 && dow !== 6;
}

/**
 * The `n`th working day after `date` (`date` itself does not count, whatever it is): a deadline of
 * "1 working day" for something filed on a Friday is the next Monday, or later after a holiday.
 * `n = 0` is `date` itself.
 */
export function addWorkingDays(calendar: HolidayCalendar, date: string, n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 366) throw new RangeError(`working days must be an integer from 0 to 366, got ${n}`);
  let d = date;
  for (let left = n; left > 0;) {
    d = addDays(d, 1);
    if (isWorkingDay(calendar, d)) left--;
  }
  return d;
}

export function coversYear(calendar: HolidayCalendar, year: number): boolean {
  return calendar.years.has(year);
}

/** Reads and checks a calendar file; a bad one throws HolidayCalendarError listing every problem. */
export function readHolidayCalendar(file: string): HolidayCalendar {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new HolidayCalendarError(`HOLIDAY_CALENDAR_FILE ${file}: ${(err as Error).message}`);
  }
  return parseHolidayCalendar(json, `HOLIDAY_CALENDAR_FILE ${file}`);
}

/**
 * `readHolidayCalendar`, then a warning for this year and the next (in China Standard Time at
 * `now`) when the calendar lacks them or has only a provisional schedule for them.
 */
export function loadHolidayCalendar(file: string, opts: { now: Date; logger: Logger }): HolidayCalendar {
  const calendar = readHolidayCalendar(file);
  const year = Number(todayCST(opts.now).slice(0, 4));
  const missing = [year, year + 1].filter((y) => !coversYear(calendar, y));
  if (missing.length > 0) {
    opts.logger.warn({ file, missing }, 'the holiday calendar lacks these years: Monday to Friday count as working days there');
  }
  const provisional = [year, year + 1].filter((y) => calendar.years.get(y) === 'provisional');
  if (provisional.length > 0) {
    opts.logger.warn({ file, provisional }, 'the holiday calendar is provisional for these years: replace it with the published schedule');
  }
  return calendar;
}
