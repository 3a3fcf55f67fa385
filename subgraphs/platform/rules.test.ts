import { describe, expect, it } from '@jest/globals';
import type { Principal } from '../../lib/caller.ts';
import { CreditGraphError } from '../../lib/errors.ts';
import { deliveryOwner, monitoringInstitution, requireOperator, seesInstitution, usageSubject } from './rules.ts';

const bank: Principal = { kind: 'INSTITUTION', institutionId: 'bank-1', institutionKind: 'FINANCIAL', institutionName: '某银行', scopes: [] };
const operator: Principal = { kind: 'OPERATOR', operatorId: 'op-1' };
const person: Principal = { kind: 'PERSON', personId: 'p-1' };
const enterprise: Principal = { kind: 'ENTERPRISE', uscc: '91440300MA5FXXXX0X' };
const anonymous: Principal = { kind: 'ANONYMOUS' };

/** The refusal `f` throws: its code and message (null when it does not throw). */
function refusal(f: () => unknown): { code: string; message: string } | null {
  try {
    f();
  } catch (err) {
    if (!(err instanceof CreditGraphError)) throw err;
    return { code: err.code, message: err.message };
  }
  return null;
}

describe('seesInstitution', () => {
  it('lets an operator see every institution and an institution itself only', () => {
    expect(seesInstitution(operator, 'bank-1')).toBe(true);
    expect(seesInstitution(operator, 'other')).toBe(true);
    expect(seesInstitution(bank, 'bank-1')).toBe(true);
    expect(seesInstitution(bank, 'other')).toBe(false);
    for (const p of [person, enterprise, anonymous]) expect(seesInstitution(p, 'bank-1')).toBe(false);
  });
});

describe('requireOperator', () => {
  it('lets operators through and refuses everyone else with FORBIDDEN', () => {
    expect(refusal(() => requireOperator(operator))).toBeNull();
    for (const p of [bank, person, enterprise, anonymous]) {
      expect(refusal(() => requireOperator(p))).toEqual({ code: 'FORBIDDEN', message: 'Only platform operators may do this.' });
    }
  });
});

describe('usageSubject', () => {
  it('gives an operator the institution named, or every institution when none is', () => {
    expect(usageSubject(operator, 'bank-2')).toBe('bank-2');
    expect(usageSubject(operator, null)).toBeNull();
    expect(usageSubject(operator, undefined)).toBeNull();
  });

  it('gives an institution its own usage, named or not, and refuses another one', () => {
    expect(usageSubject(bank, undefined)).toBe('bank-1');
    expect(usageSubject(bank, null)).toBe('bank-1');
    expect(usageSubject(bank, 'bank-1')).toBe('bank-1');
    expect(refusal(() => usageSubject(bank, 'bank-2'))).toEqual({ code: 'FORBIDDEN', message: 'An institution sees its own usage only.' });
  });

  it('refuses persons, enterprises and anonymous callers', () => {
    for (const p of [person, enterprise, anonymous]) {
      expect(refusal(() => usageSubject(p, null)))
        .toEqual({ code: 'FORBIDDEN', message: 'Usage reports are for operators and the institutions themselves.' });
    }
  });
});

describe('monitoring and its deliveries', () => {
  it('belong to the calling institution; an operator may replay anyone\'s deliveries but owns no monitoring', () => {
    expect(monitoringInstitution(bank)).toBe('bank-1');
    expect(deliveryOwner(bank)).toBe('bank-1');
    expect(deliveryOwner(operator)).toBeNull();
    const refused = { code: 'FORBIDDEN', message: 'Watchlists, change feeds and webhooks belong to institutions.' };
    for (const p of [operator, person, enterprise, anonymous]) expect(refusal(() => monitoringInstitution(p))).toEqual(refused);
    for (const p of [person, enterprise, anonymous]) expect(refusal(() => deliveryOwner(p))).toEqual(refused);
  });
});
