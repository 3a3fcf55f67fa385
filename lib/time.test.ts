import { describe, expect, it } from '@jest/globals';
import { cstDayStart, cstMonthStart, formatCst, hourStart, nextCstMonthStart, todayCST } from './time.ts';

const d = (iso: string) => new Date(iso);
const iso = (date: Date) => date.toISOString();

describe('todayCST', () => {
  it('turns the date at 16:00 UTC, midnight in China Standard Time', () => {
    expect(todayCST(d('2025-06-14T15:59:59Z'))).toBe('2025-06-14');
    expect(todayCST(d('2025-06-14T16:00:00Z'))).toBe('2025-06-15');
    expect(todayCST(d('2026-03-01T15:59:59Z'))).toBe('2026-03-01');
    expect(todayCST(d('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
  });

  it('crosses the year at 16:00 UTC on 31 December', () => {
    expect(todayCST(d('2024-12-31T16:30:00Z'))).toBe('2025-01-01');
  });
});

describe('CST days and months', () => {
  it('starts a CST day at 16:00 UTC the day before', () => {
    expect(iso(cstDayStart(d('2026-03-01T15:59:59.999Z')))).toBe('2026-02-28T16:00:00.000Z');
    expect(iso(cstDayStart(d('2026-03-01T16:00:00.000Z')))).toBe('2026-03-01T16:00:00.000Z');
  });

  it('floors instants before 1970 too', () => {
    expect(iso(cstDayStart(d('1969-12-31T10:00:00.000Z')))).toBe('1969-12-30T16:00:00.000Z');
    expect(iso(hourStart(d('1969-12-31T10:59:00.000Z')))).toBe('1969-12-31T10:00:00.000Z');
  });

  it('starts a CST month at 16:00 UTC on the last day of the month before, across the year end', () => {
    expect(iso(cstMonthStart(d('2026-03-31T15:59:59.999Z')))).toBe('2026-02-28T16:00:00.000Z');
    expect(iso(cstMonthStart(d('2026-03-31T16:00:00.000Z')))).toBe('2026-03-31T16:00:00.000Z');
    expect(iso(cstMonthStart(d('2026-12-31T16:00:00.000Z')))).toBe('2026-12-31T16:00:00.000Z');
    expect(iso(nextCstMonthStart(d('2026-12-15T00:00:00.000Z')))).toBe('2026-12-31T16:00:00.000Z');
    expect(iso(nextCstMonthStart(d('2028-01-31T16:00:00.000Z')))).toBe('2028-02-29T16:00:00.000Z');
  });

  it('floors to the UTC hour', () => {
    expect(iso(hourStart(d('2026-03-01T15:42:10.000Z')))).toBe('2026-03-01T15:00:00.000Z');
  });

  it('writes instants in CST with the +08:00 offset', () => {
    expect(formatCst(d('2026-02-28T16:00:00Z'))).toBe('2026-03-01T00:00:00+08:00');
  });
});
