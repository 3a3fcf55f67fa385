/**
 * Who may see which of a person's data: the pure rules of ./access.ts, at the instants where they
 * turn (a consent's expiry, its revocation) and for every kind of caller.
 */
import { describe, expect, it } from '@jest/globals';
import type { Caller, Principal } from '../../lib/caller.ts';
import type { ConsentRow } from './db/consents.ts';
import {
  disclose, grantFor, isActive, isPurpose, logDisclosure, mayLookUp, needsConsents, parseCategories, requireSelf, rightsOf, scopeOf,
  statutoryCategories, usableConsents, type Grant, type Rights,
} from './rules.ts';
import type { Context } from './context.ts';

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
    // Granted at the same instant: the lower id, whichever order the rows come in.
    expect(grantsOf(as(bank, 'CREDIT_EASY_LOAN'), [twin, { ...newer, id: 'b', categories: 'HONORS' }], now)).toEqual({ HONORS: 'CONSENT:a' });
  });

  it('gives the person every category as SELF, and nobody else anything without consent or scope', () => {
    const self = rightsOf(as({ kind: 'PERSON', personId: 'p1' }), 'p1', [], now);
    expect(self.self).toBe(true);
    expect([...self.grants.keys()]).toEqual(['IDENTITY', 'PENALTIES', 'JUDGMENT_DEBTOR', 'HONORS', 'VOLUNTEER_SERVICE', 'INTEGRITY']);
    for (const grant of self.grants.values()) expect(grant).toEqual({ basis: 'SELF', consentId: null });
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

describe('who may look a person up', () => {
  const now = new Date('2026-03-01T00:00:00Z');

  it('is an institution holding a usable consent, not one holding only a statutory grant of another kind', () => {
    const caller = as(bank, 'CREDIT_EASY_LOAN');
    expect(mayLookUp(caller, rightsOf(caller, 'p1', [consent()], now))).toBe(true);
    const statutoryOnly: Rights = { personId: 'p1', self: false, grants: new Map([['IDENTITY', { basis: 'STATUTORY_SCOPE', consentId: null }]]) };
    expect(mayLookUp(caller, statutoryOnly)).toBe(false);
  });

  it('asks consents of institutions only, and knows the purposes of the schema', () => {
    expect(needsConsents(bank)).toBe(true);
    expect(needsConsents({ kind: 'OPERATOR', operatorId: 'o' })).toBe(false);
    expect(isPurpose('RENTAL')).toBe(true);
    expect(isPurpose('MARKETING')).toBe(false);
    expect(isPurpose(3)).toBe(false);
  });
});

describe('the two steps before a resolver returns a person\'s data', () => {
  const consentGrant: Grant = { basis: 'CONSENT', consentId: 'c1' };
  const rights = (self: boolean): Rights => ({ personId: 'p1', self, grants: new Map([['PENALTIES', consentGrant]]) });
  function ctxOf(r: Rights, log: (key: unknown) => Promise<void> = async () => {}) {
    const logged: unknown[] = [];
    const ctx = {
      loaders: {
        rightsByPerson: { load: async (personId: string) => (personId === 'p1' ? r : { personId, self: false, grants: new Map() }) },
        disclosureByPersonCategory: { load: async (key: unknown) => { logged.push(key); await log(key); } },
      },
    } as unknown as Context;
    return { ctx, logged };
  }

  it('finds the caller\'s grant for a category of that person, or none', async () => {
    const { ctx } = ctxOf(rights(false));
    expect(await grantFor(ctx, 'p1', 'PENALTIES')).toEqual(consentGrant);
    expect(await grantFor(ctx, 'p1', 'HONORS')).toBeNull();
    expect(await grantFor(ctx, 'p2', 'PENALTIES')).toBeNull();
  });

  it('lets only the person themself past requireSelf', async () => {
    await expect(requireSelf(ctxOf(rights(true)).ctx, 'p1')).resolves.toBeUndefined();
    await expect(requireSelf(ctxOf(rights(false)).ctx, 'p1')).rejects.toMatchObject({
      message: 'Only the person themself may see this.', extensions: { code: 'FORBIDDEN' },
    });
  });

  it('returns the data once the disclosure is logged, with the grant it rests on', async () => {
    const { ctx, logged } = ctxOf(rights(true));
    let loadedAsSelf: boolean | undefined;
    expect(await disclose(ctx, 'p1', 'PENALTIES', async (self) => { loadedAsSelf = self; return ['record']; })).toEqual(['record']);
    expect(loadedAsSelf).toBe(true);
    expect(logged).toEqual([{ personId: 'p1', category: 'PENALTIES', grant: consentGrant }]);
  });

  it('refuses without a grant, naming the category, and logs nothing', async () => {
    const { ctx, logged } = ctxOf(rights(false));
    await expect(disclose(ctx, 'p1', 'JUDGMENT_DEBTOR', async () => 'x')).rejects.toMatchObject({
      message: 'Not authorized to see this person\'s judgment debtor data.', extensions: { code: 'FORBIDDEN' },
    });
    expect(logged).toEqual([]);
  });

  it('withholds the data when the access log cannot be written', async () => {
    const down = new Error('disk full');
    const { ctx } = ctxOf(rights(false), async () => { throw down; });
    const err = await disclose(ctx, 'p1', 'PENALTIES', async () => 'secret').then(() => null, (e: unknown) => e as Error & { cause?: unknown });
    expect(err?.message).toBe('the access log could not be written, so the data is withheld');
    expect(err?.cause).toBe(down);
    await expect(logDisclosure(ctx, 'p1', 'PENALTIES', consentGrant)).rejects.toThrow('the access log could not be written');
  });
});
