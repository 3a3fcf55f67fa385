import { describe, expect, it } from '@jest/globals';
import type { InstitutionKind, Principal } from './caller.ts';
import { isEnterprise, isGovernment, isInstitution, isInstitutionOfKind, isOperator, isOperatorOrGovernment } from './principals.ts';

const inst = (institutionKind: InstitutionKind): Principal =>
  ({ kind: 'INSTITUTION', institutionId: 'i', institutionKind, institutionName: 'n', scopes: [] });
const operator: Principal = { kind: 'OPERATOR', operatorId: 'o' };
const person: Principal = { kind: 'PERSON', personId: 'p' };
const enterprise: Principal = { kind: 'ENTERPRISE', uscc: 'U' };
const anonymous: Principal = { kind: 'ANONYMOUS' };
const all = [operator, inst('GOVERNMENT'), inst('FINANCIAL'), inst('PARTNER_CITY'), person, enterprise, anonymous];

describe('the questions every subgraph\'s rules ask of a principal', () => {
  it('tells operators, institutions, government institutions and both', () => {
    expect(all.map(isOperator)).toEqual([true, false, false, false, false, false, false]);
    expect(all.map(isInstitution)).toEqual([false, true, true, true, false, false, false]);
    expect(all.map(isGovernment)).toEqual([false, true, false, false, false, false, false]);
    expect(all.map(isOperatorOrGovernment)).toEqual([true, true, false, false, false, false, false]);
  });

  it('tells an institution of the kinds named, and the enterprise itself', () => {
    expect(all.map((p) => isInstitutionOfKind(p, 'FINANCIAL', 'PARTNER_CITY'))).toEqual([false, false, true, true, false, false, false]);
    expect(all.map((p) => isInstitutionOfKind(p))).toEqual([false, false, false, false, false, false, false]);
    expect(all.map((p) => isEnterprise(p, 'U'))).toEqual([false, false, false, false, false, true, false]);
    expect(isEnterprise(enterprise, 'V')).toBe(false);
  });
});
