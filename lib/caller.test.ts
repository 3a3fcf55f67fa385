import { describe, expect, it } from '@jest/globals';
import { createHash, createHmac } from 'node:crypto';
import { ANONYMOUS, CALLER_HEADER, callerPayload, departmentScope, principalScopes, signCaller, signPayload, verifyCaller, type Caller } from './caller.ts';

const SECRET = 's'.repeat(32);
const BODY = '{"query":"{ person(idNumber: \\"x\\") { id } }"}';
const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const caller: Caller = {
  principal: { kind: 'INSTITUTION', institutionId: 'inst-1', institutionKind: 'FINANCIAL', institutionName: '某银行', scopes: ['loans:read'] },
  purpose: 'CREDIT_EASY_LOAN',
  requestId: 'req-1',
};

describe('the signed caller header', () => {
  it('is named x-creditgraph-caller', () => {
    expect(CALLER_HEADER).toBe('x-creditgraph-caller');
  });

  it('is HMAC-SHA256 over <payload>.<nonce>.<base64url SHA-256 of the body>, as documented', () => {
    const [payload, nonce, signature] = signCaller(caller, BODY, SECRET, T0).split('.') as [string, string, string];
    const bodyHash = createHash('sha256').update(BODY).digest('base64url');
    expect(signature).toBe(createHmac('sha256', SECRET).update(`${payload}.${nonce}.${bodyHash}`).digest('base64url'));
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))).toEqual({ ...caller, exp: T0 + 30_000 });
  });

  it('gives back the caller it was signed for, with the same body and secret', () => {
    expect(verifyCaller(signCaller(caller, BODY, SECRET, T0), BODY, SECRET, T0)).toEqual({ ok: true, caller, nonce: expect.any(String), exp: T0 + 30_000 });
  });

  it('is accepted for 30 s after signing and refused one millisecond later', () => {
    const header = signCaller(caller, BODY, SECRET, T0);
    expect(verifyCaller(header, BODY, SECRET, T0 + 30_000)).toEqual({ ok: true, caller, nonce: expect.any(String), exp: T0 + 30_000 });
    expect(verifyCaller(header, BODY, SECRET, T0 + 30_001)).toEqual({ ok: false, reason: 'caller header expired' });
    expect(verifyCaller(header, BODY, SECRET, T0 + 3_600_000)).toEqual({ ok: false, reason: 'caller header expired' });
  });

  it('binds one payload to each body it is signed with', () => {
    const payload = callerPayload(caller, T0);
    const other = '{"query":"{ me { kind } }"}';
    expect(verifyCaller(signPayload(payload, other, SECRET), other, SECRET, T0)).toEqual({ ok: true, caller, nonce: expect.any(String), exp: T0 + 30_000 });
    expect(verifyCaller(signPayload(payload, BODY, SECRET), other, SECRET, T0))
      .toEqual({ ok: false, reason: 'caller signature does not match this request' });
  });

  it('refuses a missing, malformed, forged, re-signed or altered header', () => {
    const header = signCaller(caller, BODY, SECRET, T0);
    const [payload, nonce, mac] = header.split('.') as [string, string, string];
    const forgedPayload = Buffer.from(JSON.stringify({ ...caller, principal: { kind: 'OPERATOR', operatorId: 'x' }, exp: T0 + 30_000 })).toString('base64url');
    const cases: [string | undefined, string][] = [
      [undefined, 'missing x-creditgraph-caller header'],
      ['', 'missing x-creditgraph-caller header'],
      ['no-dot-here', 'malformed caller header'],
      [`${payload}.${mac}`, 'malformed caller header'],
      [`.${nonce}.${mac}`, 'malformed caller header'],
      [`${forgedPayload}.${nonce}.${mac}`, 'caller signature does not match this request'],
      [signCaller(caller, BODY, 't'.repeat(32), T0), 'caller signature does not match this request'],
      [`${payload}.${nonce}.${mac.slice(0, -2)}`, 'caller signature does not match this request'],
      [`${payload}.${nonce}.`, 'malformed caller header'],
    ];
    for (const [h, reason] of cases) expect({ h, r: verifyCaller(h, BODY, SECRET, T0) }).toEqual({ h, r: { ok: false, reason } });
  });

  it('refuses a correctly signed payload that is not JSON or carries no expiry', () => {
    const notJson = signPayload(Buffer.from('not json').toString('base64url'), BODY, SECRET);
    expect(verifyCaller(notJson, BODY, SECRET, T0)).toEqual({ ok: false, reason: 'malformed caller payload' });
    const noExp = signPayload(Buffer.from(JSON.stringify(caller)).toString('base64url'), BODY, SECRET);
    expect(verifyCaller(noExp, BODY, SECRET, T0)).toEqual({ ok: false, reason: 'caller header expired' });
    const textExp = signPayload(Buffer.from(JSON.stringify({ ...caller, exp: String(T0 + 1000) })).toString('base64url'), BODY, SECRET);
    expect(verifyCaller(textExp, BODY, SECRET, T0)).toEqual({ ok: false, reason: 'caller header expired' });
  });
});

describe('the nonce of each header', () => {
  it('is 128 random bits, different in every header signed from one payload, past a refill of the pool', () => {
    const payload = callerPayload(caller, T0);
    // 600 headers: the pool holds 256 nonces, so this crosses two refills.
    const nonces = Array.from({ length: 600 }, () => signPayload(payload, BODY, SECRET).split('.')[1]!);
    expect(new Set(nonces).size).toBe(600);
    for (const n of nonces) expect(Buffer.from(n, 'base64url')).toHaveLength(16);
    // Not a zero-filled pool: random bytes, so at most a handful of zero bytes among 9,600.
    const zeros = nonces.reduce((count, n) => count + Buffer.from(n, 'base64url').filter((b) => b === 0).length, 0);
    expect(zeros).toBeLessThan(200);
  });
});

describe('departmentScope', () => {
  it('names the department of a department:<code> scope, and null without one', () => {
    expect(departmentScope(['loans:read', 'department:eco'])).toBe('eco');
    expect(departmentScope(['loans:read'])).toBeNull();
    expect(departmentScope([])).toBeNull();
    // The prefix must start the scope.
    expect(departmentScope(['x-department:eco'])).toBeNull();
  });
});

describe('principalScopes', () => {
  it('gives an institution its own scopes and its kind, and every other principal one fixed scope', () => {
    expect(principalScopes(caller.principal)).toEqual(['loans:read', 'institution:financial']);
    expect(principalScopes({ kind: 'INSTITUTION', institutionId: 'g', institutionKind: 'PARTNER_CITY', institutionName: 'g', scopes: [] }))
      .toEqual(['institution:partner_city']);
    expect(principalScopes({ kind: 'PERSON', personId: 'p' })).toEqual(['person:self']);
    expect(principalScopes({ kind: 'ENTERPRISE', uscc: 'u' })).toEqual(['enterprise:self']);
    expect(principalScopes({ kind: 'OPERATOR', operatorId: 'o' })).toEqual(['operator']);
    expect(principalScopes({ kind: 'ANONYMOUS' })).toEqual([]);
    expect(ANONYMOUS).toEqual({ kind: 'ANONYMOUS' });
    expect(Object.isFrozen(ANONYMOUS)).toBe(true);
  });
});
