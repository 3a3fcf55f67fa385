import { describe, expect, it } from '@jest/globals';
import { CreditGraphError } from '../../../lib/errors.ts';
import { formatYuan, NEXT_STATUSES, outcomeChange, parseYuan, type LoanOutcome, type LoanStatus } from './terms.ts';

const PRODUCT = { id: 'p', partnerId: 'b', maxAmount: 1_000_000, minAnnualRate: 3.45, termMonths: 12 };
const GRANT = { amountFen: 100_000n, ratePercent: 3.5, termMonths: 12 };
const reasonOf = (fn: () => unknown) => {
  try { fn(); } catch (err) { return (err as CreditGraphError).extensions; }
  return null;
};

describe('parseYuan and formatYuan', () => {
  it('reads yuan with up to two decimals as exact fen, from text or a JSON number', () => {
    expect(parseYuan('1234.5')).toBe(123_450n);
    expect(parseYuan('0.01')).toBe(1n);
    expect(parseYuan(1234.56)).toBe(123_456n);
    expect(parseYuan('999999999999999.99')).toBe(99_999_999_999_999_999n);
    expect(formatYuan(123_450n)).toBe('1234.50');
    expect(formatYuan(1n)).toBe('0.01');
  });

  it.each(['1.234', '-1', '1e3', '', ' 1', '1.', 'abc', 0.1 + 0.2, Number.NaN, null])('refuses %p as AMOUNT_FORMAT', (value) => {
    expect(reasonOf(() => parseYuan(value))).toEqual({ code: 'BAD_USER_INPUT', reason: 'AMOUNT_FORMAT' });
  });
});

describe('the loan state machine', () => {
  const ALL: LoanOutcome[] = ['GRANTED', 'REJECTED', 'REPAID', 'OVERDUE'];
  const cases = (Object.keys(NEXT_STATUSES) as LoanStatus[]).flatMap((from) => ALL.map((to) => [from, to] as const));

  it.each(cases)('%s → %s is allowed exactly when the machine says, or a repeat', (from, to) => {
    const loan = { status: from, grantedFen: from === 'APPLIED' || from === 'REJECTED' ? null : GRANT.amountFen, rateBp: 350, termMonths: 12 };
    const report = { status: to, on: '2026-01-02', ...(to === 'GRANTED' ? GRANT : {}) };
    const allowed = NEXT_STATUSES[from].includes(to);
    if (allowed) expect(outcomeChange(loan, PRODUCT, report)).toMatchObject({ status: to, statusOn: '2026-01-02' });
    else if (from === to) expect(outcomeChange(loan, PRODUCT, report)).toBeNull();
    else expect(reasonOf(() => outcomeChange(loan, PRODUCT, report))).toEqual({ code: 'BAD_USER_INPUT', reason: 'INVALID_STATE', status: from });
  });

  it('keeps REJECTED and REPAID final', () => {
    expect(NEXT_STATUSES.REJECTED).toEqual([]);
    expect(NEXT_STATUSES.REPAID).toEqual([]);
  });

  it('records the grant with its day as decision and grant day, the rate in basis points', () => {
    expect(outcomeChange({ status: 'APPLIED', grantedFen: null, rateBp: null, termMonths: null }, PRODUCT, { status: 'GRANTED', on: '2026-01-02', ...GRANT }))
      .toEqual({ status: 'GRANTED', statusOn: '2026-01-02', decidedOn: '2026-01-02', grantedOn: '2026-01-02', grantedFen: 100_000n, rateBp: 350, termMonths: 12, reason: null });
  });
});
