import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { addDays, addMonths, dayOfWeek, isIsoDate } from './time.ts';
import {
  addWorkingDays, coversYear, DEFAULT_HOLIDAY_CALENDAR_FILE, HolidayCalendarError, isWorkingDay, parseHolidayCalendar, WEEKDAYS_ONLY,
} from './working-days.ts';

const shipped = parseHolidayCalendar(JSON.parse(readFileSync(DEFAULT_HOLIDAY_CALENDAR_FILE, 'utf8')), 'cn-holidays.json');

describe('the shipped calendar', () => {
  it('covers 2026 (official) and 2027 (provisional)', () => {
    expect([...shipped.years]).toEqual([[2026, 'official'], [2027, 'provisional']]);
    expect(coversYear(shipped, 2026)).toBe(true);
    expect(coversYear(shipped, 2028)).toBe(false);
  });

  it('has the State Council\'s 2026 holidays: 33 days off and 6 make-up working days', () => {
    const days2026 = [...shipped.holidays].filter((d) => d.startsWith('2026'));
    expect(days2026).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
    expect([...shipped.workdays].filter((d) => d.startsWith('2026')))
      .toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });
});

describe('isWorkingDay', () => {
  it('is false on a public holiday that falls on a weekday', () => {
    expect(isWorkingDay(shipped, '2026-01-01')).toBe(false); // Thursday, New Year
    expect(isWorkingDay(shipped, '2026-02-16')).toBe(false); // Monday, Spring Festival
    expect(isWorkingDay(shipped, '2026-10-07')).toBe(false); // Wednesday, National Day
  });

  it('is true on a make-up Saturday or Sunday', () => {
    expect(isWorkingDay(shipped, '2026-01-04')).toBe(true); // Sunday
    expect(isWorkingDay(shipped, '2026-02-14')).toBe(true); // Saturday
    expect(isWorkingDay(shipped, '2026-10-10')).toBe(true); // Saturday
  });

  it('is Monday to Friday otherwise, also outside the calendar\'s years', () => {
    expect(isWorkingDay(shipped, '2026-03-06')).toBe(true); // Friday
    expect(isWorkingDay(shipped, '2026-03-07')).toBe(false); // Saturday
    expect(isWorkingDay(shipped, '2026-03-08')).toBe(false); // Sunday
    expect(isWorkingDay(shipped, '2030-01-01')).toBe(true); // a Tuesday no calendar here knows
  });
});

describe('addWorkingDays', () => {
  it('skips a weekend: 1 working day after a Friday is the Monday', () => {
    expect(addWorkingDays(shipped, '2026-03-06', 1)).toBe('2026-03-09');
  });

  it('skips the National Day holiday and counts its make-up Saturday', () => {
    expect(addWorkingDays(shipped, '2026-09-30', 1)).toBe('2026-10-08');
    expect(addWorkingDays(shipped, '2026-10-09', 1)).toBe('2026-10-10');
    expect(addWorkingDays(shipped, '2026-10-09', 2)).toBe('2026-10-12');
  });

  it('counts the Spring Festival make-up Saturdays on both sides of the holiday', () => {
    expect(addWorkingDays(shipped, '2026-02-13', 1)).toBe('2026-02-14');
    expect(addWorkingDays(shipped, '2026-02-13', 2)).toBe('2026-02-24');
    expect(addWorkingDays(shipped, '2026-02-27', 1)).toBe('2026-02-28');
  });

  it('starts after the given day whatever it is, and 0 days is the day itself', () => {
    expect(addWorkingDays(shipped, '2026-10-03', 1)).toBe('2026-10-08');
    expect(addWorkingDays(shipped, '2026-10-03', 0)).toBe('2026-10-03');
    expect(addWorkingDays(WEEKDAYS_ONLY, '2026-10-03', 1)).toBe('2026-10-05');
  });

  it('refuses a negative or fractional count', () => {
    expect(() => addWorkingDays(shipped, '2026-01-05', -1)).toThrow(RangeError);
    expect(() => addWorkingDays(shipped, '2026-01-05', 1.5)).toThrow(RangeError);
  });
});

describe('parseHolidayCalendar', () => {
  it('lists every problem of a bad file in one error', () => {
    const bad = {
      years: {
        '2026': {
          status: 'maybe',
          holidays: [{ name: 'x', from: '2026-02-30', to: '2026-03-01' }, { name: 'y', from: '2026-05-05', to: '2026-05-01' }],
          workdays: [{ date: '2026-03-04', for: 'x' }, { date: '2026-05-02', for: 'y' }],
        },
        'next': {},
      },
    };
    let error: unknown;
    try {
      parseHolidayCalendar(bad, 'bad.json');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(HolidayCalendarError);
    expect((error as Error).message).toBe([
      'bad.json:',
      '- years.2026.status: expected "official" or "provisional"',
      '- years.2026.holidays[0].from: expected a date YYYY-MM-DD, got "2026-02-30"',
      '- years.2026.holidays[1]: to (2026-05-01) is before from (2026-05-05)',
      '- years.2026.workdays[0]: 2026-03-04 is a weekday; only a Saturday or Sunday can be a make-up working day',
      '- years.next: expected a four-digit year',
    ].join('\n'));
  });

  it('refuses a day that is both a holiday and a make-up working day', () => {
    expect(() => parseHolidayCalendar({ years: { '2026': { status: 'official', holidays: [{ name: 'x', from: '2026-03-07', to: '2026-03-08' }], workdays: [{ date: '2026-03-07', for: 'x' }] } } }))
      .toThrow('2026-03-07 is both a holiday and a make-up working day');
  });

  it('accepts a holiday reaching into the neighbouring year', () => {
    const cal = parseHolidayCalendar({ years: { '2023': { status: 'official', holidays: [{ name: '元旦', from: '2022-12-31', to: '2023-01-02' }], workdays: [] } } });
    expect(isWorkingDay(cal, '2023-01-02')).toBe(false);
  });
});

describe('dates', () => {
  it('checks real calendar dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-1-05')).toBe(false);
  });

  it('adds months, clamping to the end of a shorter month', () => {
    expect(addMonths('2025-03-31', 3)).toBe('2025-06-30');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2025-11-15', 3)).toBe('2026-02-15');
  });

  it('adds days across a year end and names the day of the week', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(dayOfWeek('2026-10-10')).toBe(6);
  });
});
