import { describe, expect, it } from '@jest/globals';
import { decided, extension, filing, inState, isOverdue, routing, type ObjectionClock } from './objections.ts';
import { DEFAULT_HOLIDAY_CALENDAR_FILE, readHolidayCalendar } from './working-days.ts';

const calendar = readHolidayCalendar(DEFAULT_HOLIDAY_CALENDAR_FILE);
const at = (today: string): ObjectionClock => ({ today, now: () => new Date(`${today}T02:00:00Z`), calendar });
const routed = { status: 'ROUTED', extended: false, decisionDueOn: '2026-10-10', dueOn: '2026-10-10' };
const codeOf = (fn: () => unknown) => {
  try { fn(); } catch (err) { return (err as { extensions: Record<string, unknown> }).extensions; }
  return null;
};

describe('objection rules', () => {
  it('gives a filing 1 working day to be routed and a routing 2 to be decided, by the official calendar', () => {
    // Wednesday 30 September 2026: the National Day holiday follows; Saturday 10 October is a make-up working day.
    expect(filing(at('2026-09-30'))).toEqual({ status: 'FILED', filedAt: new Date('2026-09-30T02:00:00Z'), checkDueOn: '2026-10-08', dueOn: '2026-10-08' });
    expect(routing(at('2026-10-08'))).toEqual({ status: 'ROUTED', routedAt: new Date('2026-10-08T02:00:00Z'), decisionDueOn: '2026-10-10', dueOn: '2026-10-10' });
  });

  it('extends a decision deadline once by 3 working days, not after it passed', () => {
    expect(extension(routed, at('2026-10-10'))).toEqual({ extended: true, decisionDueOn: '2026-10-14', dueOn: '2026-10-14' });
    expect(codeOf(() => extension({ ...routed, extended: true }, at('2026-10-09')))).toEqual({ code: 'BAD_USER_INPUT', reason: 'ALREADY_EXTENDED' });
    expect(codeOf(() => extension(routed, at('2026-10-11')))).toEqual({ code: 'BAD_USER_INPUT', reason: 'DEADLINE_PASSED' });
  });

  it('refuses a step on a missing case with NOT_FOUND and on a case in another state with INVALID_STATE', () => {
    expect(codeOf(() => inState(null, 'x', 'FILED'))).toEqual({ code: 'NOT_FOUND' });
    expect(codeOf(() => inState(routed, 'x', 'FILED'))).toEqual({ code: 'BAD_USER_INPUT', reason: 'INVALID_STATE', status: 'ROUTED' });
    expect(inState(routed, 'x', 'ROUTED')).toBe(routed);
  });

  it('closes a decided case: no deadline, the record free for a new objection, never overdue', () => {
    const closed = decided('REJECTED', 'note', at('2026-10-12'));
    expect(closed).toEqual({ status: 'REJECTED', decision: 'REJECTED', decidedAt: new Date('2026-10-12T02:00:00Z'), decisionNote: 'note', dueOn: null, openKey: null });
    expect(isOverdue(closed, '2030-01-01')).toBe(false);
    expect(isOverdue(routed, '2026-10-10')).toBe(false);
    expect(isOverdue(routed, '2026-10-11')).toBe(true);
  });
});
