import { describe, expect, it } from '@jest/globals';
import type { Principal } from '../../lib/caller.ts';
import { inPublicity, seesExpiredPenalties } from './rules.ts';

describe('inPublicity', () => {
  it('keeps a penalty publicised up to and including its end date, and forever without one', () => {
    expect(inPublicity({ publicityEndDate: '2026-03-02' }, '2026-03-02')).toBe(true);
    expect(inPublicity({ publicityEndDate: '2026-03-01' }, '2026-03-02')).toBe(false);
    expect(inPublicity({ publicityEndDate: null }, '2026-03-02')).toBe(true);
  });
});

describe('seesExpiredPenalties', () => {
  it('lets government institutions and operators only see penalties past their publicity', () => {
    const inst = (institutionKind: 'GOVERNMENT' | 'FINANCIAL'): Principal =>
      ({ kind: 'INSTITUTION', institutionId: 'i', institutionKind, institutionName: 'n', scopes: [] });
    expect(seesExpiredPenalties(inst('GOVERNMENT'))).toBe(true);
    expect(seesExpiredPenalties({ kind: 'OPERATOR', operatorId: 'o' })).toBe(true);
    expect(seesExpiredPenalties(inst('FINANCIAL'))).toBe(false);
    expect(seesExpiredPenalties({ kind: 'ENTERPRISE', uscc: 'x' })).toBe(false);
    expect(seesExpiredPenalties({ kind: 'ANONYMOUS' })).toBe(false);
  });
});
