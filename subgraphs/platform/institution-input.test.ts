import { describe, expect, it } from '@jest/globals';
import { CreditGraphError } from '../../lib/errors.ts';
import { parseScopes, storeScopes, validateNewInstitution, validateStatus } from './institution-input.ts';

const reasonOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CreditGraphError);
    return { code: (err as CreditGraphError).code, reason: (err as CreditGraphError).extensions.reason };
  }
  throw new Error('expected a BAD_USER_INPUT error');
};

describe('validateNewInstitution', () => {
  it('trims the name, deduplicates scopes and leaves unset plan fields to the database defaults', () => {
    expect(validateNewInstitution({ name: ' 甲银行 ', kind: 'FINANCIAL', scopes: ['loans:read', 'loans:read', 'a-b:c9'] })).toEqual({
      name: '甲银行', kind: 'FINANCIAL', scopes: ['loans:read', 'a-b:c9'],
      ratePerSecond: undefined, burst: undefined, dailyArchivePulls: null, monthlyArchivePulls: null, monthlyReports: null,
    });
  });

  it('accepts a name of exactly 200 characters', () => {
    expect(validateNewInstitution({ name: '银'.repeat(200), kind: 'GOVERNMENT' }).name).toHaveLength(200);
  });

  it.each<[string, Parameters<typeof validateNewInstitution>[0], string]>([
    ['an empty name', { name: '', kind: 'FINANCIAL' }, 'INSTITUTION_NAME'],
    ['a name of 201 characters', { name: 'x'.repeat(201), kind: 'FINANCIAL' }, 'INSTITUTION_NAME'],
    ['an unknown kind', { name: 'n', kind: 'BANK' }, 'INSTITUTION_KIND'],
    ['a scope starting with a digit', { name: 'n', kind: 'FINANCIAL', scopes: ['1loans'] }, 'SCOPE_FORMAT'],
    ['an empty scope', { name: 'n', kind: 'FINANCIAL', scopes: [''] }, 'SCOPE_FORMAT'],
    ['a scope with a dot', { name: 'n', kind: 'FINANCIAL', scopes: ['loans.read'] }, 'SCOPE_FORMAT'],
    ['the person:self scope', { name: 'n', kind: 'FINANCIAL', scopes: ['person:self'] }, 'SCOPE_RESERVED'],
    ['the enterprise:self scope', { name: 'n', kind: 'FINANCIAL', scopes: ['enterprise:self'] }, 'SCOPE_RESERVED'],
    ['a fractional rate', { name: 'n', kind: 'FINANCIAL', ratePerSecond: 1.5 }, 'PLAN_LIMIT'],
    ['a zero burst', { name: 'n', kind: 'FINANCIAL', burst: 0 }, 'PLAN_LIMIT'],
    ['a negative monthly quota', { name: 'n', kind: 'FINANCIAL', monthlyArchivePulls: -5 }, 'PLAN_LIMIT'],
  ])('refuses %s', (_what, input, reason) => {
    expect(reasonOf(() => validateNewInstitution(input))).toEqual({ code: 'BAD_USER_INPUT', reason });
  });
});

describe('validateStatus', () => {
  it('accepts ACTIVE and SUSPENDED only', () => {
    expect(validateStatus('ACTIVE')).toBe('ACTIVE');
    expect(validateStatus('SUSPENDED')).toBe('SUSPENDED');
    expect(reasonOf(() => validateStatus('DELETED'))).toEqual({ code: 'BAD_USER_INPUT', reason: 'INSTITUTION_STATUS' });
  });
});

describe('scopes storage', () => {
  it('round-trips through the space-separated column', () => {
    expect(parseScopes(storeScopes(['a', 'b:c']))).toEqual(['a', 'b:c']);
    expect(parseScopes('')).toEqual([]);
  });
});

describe('a source department', () => {
  it('needs exactly one department:<code> scope, and no one else may carry one', () => {
    expect(validateNewInstitution({ name: '深圳市生态环境局', kind: 'SOURCE_DEPARTMENT', scopes: ['department:eco'] }).scopes).toEqual(['department:eco']);
    for (const input of [
      { name: '深圳市生态环境局', kind: 'SOURCE_DEPARTMENT', scopes: [] },
      { name: '深圳市生态环境局', kind: 'SOURCE_DEPARTMENT', scopes: ['department:eco', 'department:samr'] },
      { name: '某银行', kind: 'FINANCIAL', scopes: ['department:eco'] },
    ]) {
      expect(() => validateNewInstitution(input)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ reason: 'DEPARTMENT_SCOPE' }) }));
    }
  });
});
