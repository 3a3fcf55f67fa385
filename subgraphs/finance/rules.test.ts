import { describe, expect, it } from '@jest/globals';
import type { InstitutionKind, Principal } from '../../lib/caller.ts';
import { seesLoansOf } from './rules.ts';

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
