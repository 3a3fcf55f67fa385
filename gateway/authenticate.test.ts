import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { generateApiKey } from '../lib/api-keys.ts';
import { CreditGraphError } from '../lib/errors.ts';
import type { TokenVerifier } from '../lib/tokens.ts';
import { authenticate, cachedKeyLookup, type KeyLookup, type KeyRecord } from './authenticate.ts';

const plan = { ratePerSecond: 10, burst: 20, dailyArchivePulls: 100, monthlyArchivePulls: null };

function keyFixture(over: { revoked?: boolean; status?: string; kind?: string; scopes?: string; expiresAt?: Date | null } = {}) {
  const issued = generateApiKey();
  const record: KeyRecord = {
    secretHash: issued.secretHash,
    revoked: over.revoked ?? false,
    expiresAt: over.expiresAt,
    institution: { id: 'inst-1', name: '某银行', kind: over.kind ?? 'FINANCIAL', status: over.status ?? 'ACTIVE', scopes: over.scopes ?? 'loans:read  person:penalties', plan },
  };
  const lookup: KeyLookup = async (prefix) => (prefix === issued.prefix ? record : null);
  return { key: issued.key, record, lookup };
}

const noTokens: TokenVerifier = async () => { throw new Error('no token expected'); };
const tokens: TokenVerifier = async (t) => {
  if (t === 'person-token') return { kind: 'PERSON', subject: 'p-1' };
  if (t === 'enterprise-token') return { kind: 'ENTERPRISE', subject: '91440300MA5FXXXX0X' };
  if (t === 'operator-token') return { kind: 'OPERATOR', subject: 'op-1' };
  throw Object.assign(new Error('expired'), { code: t === 'expired-token' ? 'ERR_JWT_EXPIRED' : 'ERR_JWS_INVALID' });
};

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof CreditGraphError)) throw new Error(`expected a CreditGraphError, got ${String(err)}`);
  return { code: err.code, message: err.message };
}

describe('cachedKeyLookup', () => {
  function counting(answers: (KeyRecord | null)[]) {
    let calls = 0;
    const lookup: KeyLookup = async () => answers[Math.min(calls++, answers.length - 1)] ?? null;
    return { lookup, calls: () => calls };
  }
  const rec = keyFixture().record;

  it('answers from the cache until API_KEY_CACHE_MS have passed, then asks again', async () => {
    let t = 1_000;
    const src = counting([rec, { ...rec, revoked: true }]);
    const cached = cachedKeyLookup(src.lookup, 5_000, () => t);
    expect(await cached('p')).toBe(rec);
    t += 4_999;
    expect(await cached('p')).toBe(rec);
    expect(src.calls()).toBe(1);
    t += 1; // 5,000 ms (not 5,000 s): the revocation is seen now
    expect((await cached('p'))?.revoked).toBe(true);
    expect(src.calls()).toBe(2);
  });

  it('does not cache with a lifetime of 0, and keeps one entry per prefix', async () => {
    const src = counting([rec]);
    const none = cachedKeyLookup(src.lookup, 0, () => 0);
    await none('p');
    await none('p');
    expect(src.calls()).toBe(2);
    const per = counting([rec]);
    const cached = cachedKeyLookup(per.lookup, 60_000, () => 0);
    await cached('a');
    await cached('b');
    await cached('a');
    expect(per.calls()).toBe(2);
    cached.clear();
    await cached('a');
    expect(per.calls()).toBe(3);
  });

  it('keeps at most 10,000 prefixes, forgetting the oldest first', async () => {
    const asked: string[] = [];
    const cached = cachedKeyLookup(async (prefix) => { asked.push(prefix); return rec; }, 60_000, () => 0);
    for (let i = 0; i <= 10_000; i++) await cached(`p${i}`);
    expect(asked).toHaveLength(10_001);
    await cached('p1'); // still cached: only the first one went
    expect(asked).toHaveLength(10_001);
    await cached('p0');
    expect(asked.at(-1)).toBe('p0');
    expect(asked).toHaveLength(10_002);
  });

  it('runs on the real clock when given none', async () => {
    const src = counting([rec]);
    const cached = cachedKeyLookup(src.lookup, 60_000);
    await cached('p');
    await cached('p');
    expect(src.calls()).toBe(1);
  });

  it('does not keep a failed lookup', async () => {
    let calls = 0;
    const cached = cachedKeyLookup(async () => { if (calls++ === 0) throw new Error('database down'); return rec; }, 60_000, () => 0);
    await expect(cached('p')).rejects.toThrow('database down');
    expect(await cached('p')).toBe(rec);
    expect(calls).toBe(2);
  });
});

describe('authenticate', () => {
  afterEach(() => { jest.useRealTimers(); });

  it('is anonymous without a credential, keeping the stated purpose', async () => {
    expect(await authenticate({}, { keys: async () => null, verifyToken: noTokens }))
      .toEqual({ principal: { kind: 'ANONYMOUS' }, plan: null, purpose: null });
    expect((await authenticate({ 'x-purpose': 'RENTAL' }, { keys: async () => null, verifyToken: noTokens })).purpose).toBe('RENTAL');
  });

  it('makes a valid key its institution, with its scopes, plan and purpose', async () => {
    const { key, lookup } = keyFixture();
    expect(await authenticate({ 'x-api-key': ` ${key} `, 'x-purpose': 'CREDIT_EASY_LOAN' }, { keys: lookup, verifyToken: noTokens })).toEqual({
      principal: { kind: 'INSTITUTION', institutionId: 'inst-1', institutionKind: 'FINANCIAL', institutionName: '某银行', scopes: ['loans:read', 'person:penalties'] },
      plan,
      purpose: 'CREDIT_EASY_LOAN',
    });
  });

  it('builds a key record\'s principal once and shares it, frozen, with every request of that key', async () => {
    const { key, lookup } = keyFixture();
    const first = await authenticate({ 'x-api-key': key }, { keys: lookup, verifyToken: noTokens });
    const second = await authenticate({ 'x-api-key': key, 'x-purpose': 'CREDIT_EASY_LOAN' }, { keys: lookup, verifyToken: noTokens });
    expect(second.principal).toBe(first.principal);
    expect(second.purpose).toBe('CREDIT_EASY_LOAN'); // the request's own
    expect(first.purpose).toBeNull();
    expect(Object.isFrozen(first.principal)).toBe(true);
    expect(() => (first.principal as { scopes: string[] }).scopes.push('person:all')).toThrow(/not extensible/);
    // Another record (a new lookup after the cache's TTL) gets a principal of its own.
    const other = keyFixture();
    expect((await authenticate({ 'x-api-key': other.key }, { keys: other.lookup, verifyToken: noTokens })).principal).not.toBe(first.principal);
  });

  it('reads the institution\'s scopes from its space-separated list, blanks ignored', async () => {
    for (const [scopes, expected] of [[' loans:read  person:penalties ', ['loans:read', 'person:penalties']], ['', []]] as const) {
      const { key, lookup } = keyFixture({ scopes });
      const { principal } = await authenticate({ 'x-api-key': key }, { keys: lookup, verifyToken: noTokens });
      expect(principal).toMatchObject({ kind: 'INSTITUTION', scopes: expected });
    }
  });

  it('refuses an unknown, wrong-secret, malformed or revoked key, a suspended institution and an unknown kind', async () => {
    const ok = keyFixture();
    const wrongSecret = ok.key.slice(0, -3) + (ok.key.endsWith('AAA') ? 'BBB' : 'AAA');
    const cases: [string, KeyLookup, string][] = [
      [ok.key, async () => null, 'Unknown API key.'],
      [wrongSecret, ok.lookup, 'Unknown API key.'],
      ['cg_short', ok.lookup, 'Malformed API key.'],
    ];
    const revoked = keyFixture({ revoked: true });
    const suspended = keyFixture({ status: 'SUSPENDED' });
    const strange = keyFixture({ kind: 'BANK' });
    cases.push([revoked.key, revoked.lookup, 'This API key has been revoked.']);
    cases.push([suspended.key, suspended.lookup, 'This institution is suspended.']);
    cases.push([strange.key, strange.lookup, 'Unknown institution kind.']);
    for (const [key, keys, message] of cases) {
      expect(await refusal(authenticate({ 'x-api-key': key }, { keys, verifyToken: noTokens }))).toEqual({ code: 'UNAUTHENTICATED', message });
    }
  });

  it('refuses a key from the instant it expires, and accepts it until then', async () => {
    const now = Date.parse('2026-12-07T01:00:00.000Z');
    jest.useFakeTimers({ now, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const at = keyFixture({ expiresAt: new Date(now) });
    expect(await refusal(authenticate({ 'x-api-key': at.key }, { keys: at.lookup, verifyToken: noTokens })))
      .toEqual({ code: 'UNAUTHENTICATED', message: 'This API key has expired.' });
    const later = keyFixture({ expiresAt: new Date(now + 1) });
    expect((await authenticate({ 'x-api-key': later.key }, { keys: later.lookup, verifyToken: noTokens })).principal.kind).toBe('INSTITUTION');
    const never = keyFixture({ expiresAt: null });
    expect((await authenticate({ 'x-api-key': never.key }, { keys: never.lookup, verifyToken: noTokens })).principal.kind).toBe('INSTITUTION');
  });

  it('records a key as used once it has authenticated a request, and not when it is refused', async () => {
    const ok = keyFixture();
    const used = jest.fn();
    ok.record.used = used;
    await authenticate({ 'x-api-key': ok.key }, { keys: ok.lookup, verifyToken: noTokens });
    expect(used).toHaveBeenCalledTimes(1);
    const revoked = keyFixture({ revoked: true });
    const notUsed = jest.fn();
    revoked.record.used = notUsed;
    await refusal(authenticate({ 'x-api-key': revoked.key }, { keys: revoked.lookup, verifyToken: noTokens }));
    expect(notUsed).not.toHaveBeenCalled();
  });

  it('refuses two credentials at once and a purpose outside the list', async () => {
    const { key, lookup } = keyFixture();
    expect(await refusal(authenticate({ 'x-api-key': key, authorization: 'Bearer person-token' }, { keys: lookup, verifyToken: tokens })))
      .toEqual({ code: 'UNAUTHENTICATED', message: 'Present one credential: either x-api-key or Authorization, not both.' });
    const purpose = await authenticate({ 'x-purpose': 'MARKETING' }, { keys: lookup, verifyToken: tokens }).then(() => null, (e: CreditGraphError) => e);
    expect(purpose?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PURPOSE' });
    expect(purpose?.message).toMatch(/^x-purpose must be one of CREDIT_EASY_LOAN, .*RENTAL/);
  });

  it('makes a bearer token a person, an enterprise or an operator', async () => {
    const deps = { keys: async () => null, verifyToken: tokens };
    expect((await authenticate({ authorization: 'Bearer person-token' }, deps)).principal).toEqual({ kind: 'PERSON', personId: 'p-1' });
    expect((await authenticate({ authorization: 'bearer  enterprise-token ' }, deps)).principal).toEqual({ kind: 'ENTERPRISE', uscc: '91440300MA5FXXXX0X' });
    expect((await authenticate({ authorization: ['Bearer operator-token'] }, deps)).principal).toEqual({ kind: 'OPERATOR', operatorId: 'op-1' });
  });

  it('refuses a malformed, invalid or expired bearer token, saying which', async () => {
    const deps = { keys: async () => null, verifyToken: tokens };
    expect(await refusal(authenticate({ authorization: 'Basic dXNlcjpwYXNz' }, deps)))
      .toEqual({ code: 'UNAUTHENTICATED', message: 'Authorization must be "Bearer <token>".' });
    for (const malformed of ['Bearer', 'xBearer person-token', 'Bearer person-token extra']) {
      expect(await refusal(authenticate({ authorization: malformed }, deps)))
        .toEqual({ code: 'UNAUTHENTICATED', message: 'Authorization must be "Bearer <token>".' });
    }
    expect(await refusal(authenticate({ authorization: 'Bearer forged' }, deps))).toEqual({ code: 'UNAUTHENTICATED', message: 'The token is invalid.' });
    expect(await refusal(authenticate({ authorization: 'Bearer expired-token' }, deps))).toEqual({ code: 'UNAUTHENTICATED', message: 'The token has expired.' });
  });
});
