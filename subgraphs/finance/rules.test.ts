import { describe, expect, it } from '@jest/globals';
import type { InstitutionKind, Principal } from '../../lib/caller.ts';
import { notALender, reportingInstitution, seesLoanReason, seesLoansOf, statisticsScope } from './rules.ts';

const OWN = '91330500MA00000011';
const inst = (institutionKind: InstitutionKind, scopes: string[]): Principal =>
  ({ kind: 'INSTITUTION', institutionId: 'i', institutionKind, institutionName: 'n', scopes });

describe('seesLoansOf', () => {
  it('lets financial and government institutions with loans:read see any enterprise\'s loans', () => {
    expect(seesLoansOf(inst('FINANCIAL', ['loans:read']), OWN)).toBe(true);
    expect(seesLoansOf(inst('GOVERNMENT', ['loans:read']), OWN)).toBe(true);
  });

  it('refuses institutions without loans:read, and other kinds even with it', () => {
    expect(seesLoansOf(inst('FINANCIAL', []), OWN)).toBe(false);
    expect(seesLoansOf(inst('CREDIT_SERVICE', ['loans:read']), OWN)).toBe(false);
    expect(seesLoansOf(inst('INDUSTRY_ASSOCIATION', ['loans:read']), OWN)).toBe(false);
  });

  it('lets operators see everything and an enterprise only its own', () => {
    expect(seesLoansOf({ kind: 'OPERATOR', operatorId: 'o' }, OWN)).toBe(true);
    expect(seesLoansOf({ kind: 'ENTERPRISE', uscc: OWN }, OWN)).toBe(true);
    expect(seesLoansOf({ kind: 'ENTERPRISE', uscc: '91330500MA00000029' }, OWN)).toBe(false);
    expect(seesLoansOf({ kind: 'PERSON', personId: 'p' }, OWN)).toBe(false);
    expect(seesLoansOf({ kind: 'ANONYMOUS' }, OWN)).toBe(false);
  });
});

describe('the loan loop rules', () => {
  const bank = inst('FINANCIAL', []);
  const codeOf = (fn: () => unknown) => { try { fn(); return null; } catch (err) { return (err as { extensions: unknown }).extensions; } };

  it('lets only financial institutions report, whatever their scopes', () => {
    expect(reportingInstitution(bank)).toBe('i');
    for (const p of [inst('GOVERNMENT', ['loans:read']), { kind: 'OPERATOR', operatorId: 'o' } as const, { kind: 'ENTERPRISE', uscc: OWN } as const, { kind: 'ANONYMOUS' } as const]) {
      expect(codeOf(() => reportingInstitution(p))).toEqual({ code: 'FORBIDDEN' });
    }
  });

  it('says why a report is refused', () => {
    let message = '';
    try { reportingInstitution({ kind: 'OPERATOR', operatorId: 'o' }); } catch (err) { message = (err as Error).message; }
    expect(message).toBe('Only financial institutions report credit-easy loans.');
    expect(notALender()).toMatchObject({ message: 'This institution is not registered as a lender of credit-easy loans.', extensions: { code: 'FORBIDDEN' } });
  });

  it('gives operators every lender\'s statistics and a bank its own', () => {
    expect(statisticsScope({ kind: 'OPERATOR', operatorId: 'o' })).toBe('ALL');
    expect(statisticsScope(bank)).toEqual({ institutionId: 'i' });
    expect(codeOf(() => statisticsScope(inst('GOVERNMENT', ['loans:read'])))).toEqual({ code: 'FORBIDDEN' });
  });

  it("shows a loan's reason to its lender's institution and operators only", () => {
    expect(seesLoanReason(bank, 'i')).toBe(true);
    expect(seesLoanReason(bank, 'other')).toBe(false);
    expect(seesLoanReason(bank, null)).toBe(false);
    expect(seesLoanReason({ kind: 'OPERATOR', operatorId: 'o' }, null)).toBe(true);
    expect(seesLoanReason({ kind: 'ENTERPRISE', uscc: OWN }, 'i')).toBe(false);
    expect(seesLoanReason({ kind: 'PERSON', personId: 'i' }, 'i')).toBe(false);
  });
});
