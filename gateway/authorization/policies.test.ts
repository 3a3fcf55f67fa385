import { describe, expect, it } from '@jest/globals';
import type { Principal } from '../../lib/caller.ts';
import type { AuthorizationRules, Rule } from './directives.ts';
import { assertKnownPolicies, evaluatorFor, POLICIES } from './policies.ts';

const bank: Principal = { kind: 'INSTITUTION', institutionId: 'b', institutionKind: 'FINANCIAL', institutionName: 'b', scopes: ['loans:read', 'person:penalties'] };
const person: Principal = { kind: 'PERSON', personId: 'p' };
const enterprise: Principal = { kind: 'ENTERPRISE', uscc: 'u' };
const operator: Principal = { kind: 'OPERATOR', operatorId: 'o' };
const anonymous: Principal = { kind: 'ANONYMOUS' };
const everyone = { bank, person, enterprise, operator, anonymous };

const rule = (r: Partial<Rule>): Rule => ({ authenticated: false, scopes: null, policies: null, ...r });
/** Who, of every kind of caller, `r` lets through. */
const allowed = (r: Rule) => Object.entries(everyone).filter(([, p]) => evaluatorFor(p).allows(r)).map(([name]) => name);

describe('evaluatorFor', () => {
  it('lets everyone through a field without a rule', () => {
    expect(allowed(rule({}))).toEqual(['bank', 'person', 'enterprise', 'operator', 'anonymous']);
  });

  it('keeps anonymous callers out of @authenticated fields only', () => {
    expect(allowed(rule({ authenticated: true }))).toEqual(['bank', 'person', 'enterprise', 'operator']);
  });

  it('passes @requiresScopes when any one inner list is fully held', () => {
    expect(allowed(rule({ scopes: [['loans:read'], ['enterprise:self'], ['operator']] }))).toEqual(['bank', 'enterprise', 'operator']);
    // Every scope of an inner list is needed: the bank holds loans:read but not loans:write.
    expect(allowed(rule({ scopes: [['loans:read', 'loans:write']] }))).toEqual([]);
    expect(allowed(rule({ scopes: [['loans:read', 'institution:financial']] }))).toEqual(['bank']);
    expect(allowed(rule({ scopes: [['person:self']] }))).toEqual(['person']);
  });

  it('passes @policy by each policy\'s meaning, and refuses an unknown policy', () => {
    expect(allowed(rule({ policies: [['personal-data']] }))).toEqual(['bank', 'person']);
    expect(allowed(rule({ policies: [['person-self']] }))).toEqual(['person']);
    expect(allowed(rule({ policies: [['personal-data', 'person-self']] }))).toEqual(['person']);
    expect(allowed(rule({ policies: [['person-self'], ['personal-data']] }))).toEqual(['bank', 'person']);
    expect(allowed(rule({ policies: [['no-such-policy']] }))).toEqual([]);
  });

  it('needs every kind of rule a field carries', () => {
    expect(allowed(rule({ authenticated: true, scopes: [['operator'], ['person:self']], policies: [['person-self']] }))).toEqual(['person']);
  });

  it('signs a principal by its kind and sorted scopes, so equal callers share decisions', () => {
    expect(evaluatorFor(bank).signature).toBe('INSTITUTION|institution:financial loans:read person:penalties');
    expect(evaluatorFor({ ...bank, institutionId: 'other', scopes: ['person:penalties', 'loans:read'] }).signature).toBe(evaluatorFor(bank).signature);
    expect(evaluatorFor(person).signature).toBe('PERSON|person:self');
    expect(evaluatorFor(anonymous).signature).toBe('ANONYMOUS|');
  });
});

describe('assertKnownPolicies', () => {
  const rules = (fieldPolicies: string[][] | null, typePolicies: string[][] | null): AuthorizationRules => ({
    fields: new Map([['Person.accessLog', rule({ policies: fieldPolicies })]]),
    types: new Map([['Loan', rule({ policies: typePolicies })]]),
  });

  it('accepts the policies it knows, and rules without any', () => {
    expect(Object.keys(POLICIES).sort()).toEqual(['person-self', 'personal-data']);
    expect(() => assertKnownPolicies(rules([['person-self']], [['personal-data']]))).not.toThrow();
    expect(() => assertKnownPolicies(rules(null, null))).not.toThrow();
  });

  it('names every unknown policy, on fields and on types', () => {
    expect(() => assertKnownPolicies(rules([['person-self', 'vip']], [['gold']])))
      .toThrow('supergraph names unknown @policy values: vip, gold');
  });
});
