/**
 * Who may see which of a person's data: the pure rules of ./access.ts, at the instants where they
 * turn (a consent's expiry, its revocation) and for every kind of caller.
 */
import { describe, expect, it } from '@jest/globals';
import type { Caller, Principal } from '../../lib/caller.ts';
import type { ConsentRow } from './db/consents.ts';
import { isActive, mayLookUp, parseCategories, rightsOf, scopeOf, statutoryCategories, usableConsents } from './rules.ts';

const EXPIRES = new Date('2026-06-30T16:00:00.000Z'); // midnight 1 July, China Standard Time
const bank: Principal = { kind: 'INSTITUTION', institutionId: 'bank', institutionKind: 'FINANCIAL', institutionName: '某银行', scopes: [] };
const gov = (scopes: string[]): Principal => ({ kind: 'INSTITUTION', institutionId: 'gov', institutionKind: 'GOVERNMENT', institutionName: '某局', scopes });
const as = (principal: Principal, purpose: string | null = null): Caller => ({ principal, purpose, requestId: 'r' });

const consent = (over: Partial<ConsentRow> = {}): ConsentRow => ({
  id: 'c1', personId: 'p1', institutionId: 'bank', purpose: 'CREDIT_EASY_LOAN', categories: 'IDENTITY,PENALTIES',
  grantedAt: new Date('2026-01-01T00:00:00Z'), expiresAt: EXPIRES, revokedAt: null, monitoring: false, ...over,
});
const grantsOf = (caller: Caller, consents: ConsentRow[], now: Date) =>
  Object.fromEntries([...rightsOf(caller, 'p1', consents, now).grants].map(([k, g]) => [k, `${g.basis}${g.consentId ? `:${g.consentId}` : ''}`]));

describe('a consent in time', () => {
  it('is honoured until the millisecond before its expiresAt and not at that instant', () => {
    const before = new Date(EXPIRES.getTime() - 1);
    expect(isActive(consent(), before)).toBe(true);
    expect(isActive(consent(), EXPIRES)).toBe(false);
    expect(grantsOf(as(bank, 'CREDIT_EASY_LOAN'), [consent()], before)).toEqual({ IDENTITY: 'CONSENT:c1', PENALTIES: 'CONSENT:c1' });
    expect(grantsOf(as(bank, 'CREDIT_EASY_LOAN'), [consent()], EXPIRES)).toEqual({});
    expect(mayLookUp(as(bank, 'CREDIT_EASY_LOAN'), rightsOf(as(bank, 'CREDIT_EASY_LOAN'), 'p1', [consent()], EXPIRES))).toBe(false);
  });

  it('is not honoured once revoked, whatever its expiry', () => {
    const revoked = consent({ revokedAt: new Date('2026-02-01T00:00:00Z') });
    expect(isActive(revoked, new Date('2026-01-15T00:00:00Z'))).toBe(false);
    expect(usableConsents(as(bank, 'CREDIT_EASY_LOAN'), [revoked], new Date('2026-03-01T00:00:00Z'))).toEqual([]);
  });
});

describe('whose consent opens what', () => {
  const now = new Date('2026-03-01T00:00:00Z');

  it('opens to the institution it names, for the purpose it names, the categories it names', () => {
    const caller = as(bank, 'CREDIT_EASY_LOAN');
    expect(usableConsents(caller, [consent(), consent({ id: 'c2', institutionId: 'other' }), consent({ id: 'c3', purpose: 'RENTAL' })], now)
      .map((c) => c.id)).toEqual(['c1']);
    expect(usableConsents(as(bank, 'RENTAL'), [consent()], now)).toEqual([]);
    expect(usableConsents(as(bank, null), [consent()], now)).toEqual([]);
    expect(usableConsents(as(bank, 'NOT_A_PURPOSE'), [consent({ purpose: 'NOT_A_PURPOSE' })], now)).toEqual([]);
  });

  it('names the newest consent of several for each category', () => {
    const older = consent({ id: 'old', categories: 'PENALTIES,HONORS', grantedAt: new Date('2025-12-01T00:00:00Z') });
    const newer = consent({ id: 'new', categories: 'PENALTIES', grantedAt: new Date('2026-02-01T00:00:00Z') });
    expect(grantsOf(as(bank, 'CREDIT_EASY_LOAN'), [older, newer], now)).toEqual({ PENALTIES: 'CONSENT:new', HONORS: 'CONSENT:old' });
    const twin = consent({ id: 'a', categories: 'HONORS', grantedAt: newer.grantedAt });
    expect(grantsOf(as(bank, 'CREDIT_EASY_LOAN'), [{ ...newer, id: 'b', categories: 'HONORS' }, twin], now)).toEqual({ HONORS: 'CONSENT:a' });
  });

  it('gives the person every category as SELF, and nobody else anything without consent or scope', () => {
    const self = rightsOf(as({ kind: 'PERSON', personId: 'p1' }), 'p1', [], now);
    expect(self.self).toBe(true);
    expect([...self.grants.keys()]).toEqual(['IDENTITY', 'PENALTIES', 'JUDGMENT_DEBTOR', 'HONORS', 'VOLUNTEER_SERVICE', 'INTEGRITY']);
    expect(mayLookUp(as({ kind: 'PERSON', personId: 'p1' }), self)).toBe(true);
    const others: Principal[] = [{ kind: 'ANONYMOUS' }, { kind: 'PERSON', personId: 'p2' }, { kind: 'ENTERPRISE', uscc: 'u' }, { kind: 'OPERATOR', operatorId: 'o' }, bank];
    for (const p of others) {
      const rights = rightsOf(as(p, 'CREDIT_EASY_LOAN'), 'p1', p === bank ? [] : [consent()], now);
      expect({ p: p.kind, self: rights.self, grants: rights.grants.size, may: mayLookUp(as(p), rights) }).toEqual({ p: p.kind, self: false, grants: 0, may: false });
    }
    expect(mayLookUp(as(bank), null)).toBe(false);
  });

  it('gives a government institution the categories its scopes name, plus the name, and prefers a consent', () => {
    expect([...statutoryCategories(gov(['person:penalties', 'person:judgment-debtor', 'loans:read']))].sort()).toEqual(['IDENTITY', 'JUDGMENT_DEBTOR', 'PENALTIES']);
    expect(statutoryCategories(gov(['loans:read'])).size).toBe(0);
    expect(statutoryCategories({ ...bank, scopes: ['person:penalties'] } as Principal).size).toBe(0);
    const g = gov(['person:penalties']);
    expect(grantsOf(as(g), [], now)).toEqual({ PENALTIES: 'STATUTORY_SCOPE', IDENTITY: 'STATUTORY_SCOPE' });
    expect(mayLookUp(as(g), null)).toBe(true);
    expect(mayLookUp(as(gov([])), null)).toBe(false);
    const consented = consent({ institutionId: 'gov', categories: 'PENALTIES' });
    expect(grantsOf(as(g, 'CREDIT_EASY_LOAN'), [consented], now)).toEqual({ PENALTIES: 'CONSENT:c1', IDENTITY: 'STATUTORY_SCOPE' });
  });

  it('reads stored categories, dropping unknown ones, and names scopes in kebab case', () => {
    expect(parseCategories(' PENALTIES, BOGUS ,VOLUNTEER_SERVICE,')).toEqual(['PENALTIES', 'VOLUNTEER_SERVICE']);
    expect(scopeOf('JUDGMENT_DEBTOR')).toBe('person:judgment-debtor');
    expect(scopeOf('VOLUNTEER_SERVICE')).toBe('person:volunteer-service');
  });
});
