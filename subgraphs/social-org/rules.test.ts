import { describe, expect, it } from '@jest/globals';
import type { Principal } from '../../lib/caller.ts';
import { inPublicity, isListEntryInForce, isPublic, seesExpiredPenalties } from './rules.ts';

describe('inPublicity', () => {
  it('keeps a penalty publicised up to and including its end date, and forever without one', () => {
    expect(inPublicity({ publicityEndDate: '2026-03-02' }, '2026-03-02')).toBe(true);
    expect(inPublicity({ publicityEndDate: '2026-03-01' }, '2026-03-02')).toBe(false);
    expect(inPublicity({ publicityEndDate: null }, '2026-03-02')).toBe(true);
  });
});

describe('isPublic', () => {
  it('takes a withdrawn penalty out of public view even within its publicity period', () => {
    expect(isPublic({ publicityEndDate: null, withdrawnOn: null }, '2026-03-02')).toBe(true);
    expect(isPublic({ publicityEndDate: null, withdrawnOn: '2026-03-01' }, '2026-03-02')).toBe(false);
    expect(isPublic({ publicityEndDate: '2026-03-01', withdrawnOn: null }, '2026-03-02')).toBe(false);
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

describe('isListEntryInForce', () => {
  const entry = (over: Partial<{ listedOn: string; removedOn: string | null; publicityEndDate: string | null }> = {}) =>
    ({ listedOn: '2026-03-01', removedOn: null, publicityEndDate: null, ...over });

  it('is in force from the day it is listed, with neither removal nor an end', () => {
    expect(isListEntryInForce(entry(), '2026-03-01')).toBe(true);
    expect(isListEntryInForce(entry(), '2026-02-28')).toBe(false);
    expect(isListEntryInForce(entry(), '2030-01-01')).toBe(true);
  });

  it('stops on the day it is removed, and after its publicity end date', () => {
    expect(isListEntryInForce(entry({ removedOn: '2026-03-05' }), '2026-03-04')).toBe(true);
    expect(isListEntryInForce(entry({ removedOn: '2026-03-05' }), '2026-03-05')).toBe(false);
    expect(isListEntryInForce(entry({ publicityEndDate: '2026-03-05' }), '2026-03-05')).toBe(true);
    expect(isListEntryInForce(entry({ publicityEndDate: '2026-03-05' }), '2026-03-06')).toBe(false);
    expect(isListEntryInForce(entry({ removedOn: '2026-03-09', publicityEndDate: '2026-03-05' }), '2026-03-06')).toBe(false);
    expect(isListEntryInForce(entry({ removedOn: '2026-03-05', publicityEndDate: '2026-03-09' }), '2026-03-06')).toBe(false);
  });
});
