/** The peers' signing: what a subgraph accepts from them is what it accepts from our gateway. */
import { describe, expect, it } from '@jest/globals';
import { verifyCaller, type Caller } from '../../lib/caller.ts';
import { benchCallerHeader, payloadFor, peerSigner } from './peer-signing.ts';

const SECRET = 'a-caller-signing-secret-of-32-chars!!';
const BODY = JSON.stringify({ query: '{ enterprise(uscc: "x") { name } }' });
const bank: Caller = {
  principal: { kind: 'INSTITUTION', institutionId: 'i-1', institutionKind: 'FINANCIAL', institutionName: 'Bank', scopes: ['loans:read'] },
  purpose: 'CREDIT_EASY_LOAN',
  requestId: 'r-1',
};

describe('peer signing', () => {
  it('signs a subgraph request as the caller the bench names, verifiable with the caller secret', () => {
    const header = peerSigner(SECRET)(payloadFor(benchCallerHeader(bank)), BODY);
    expect(verifyCaller(header, BODY, SECRET)).toMatchObject({ ok: true, caller: bank });
  });

  it('binds the signature to the exact body sent', () => {
    const header = peerSigner(SECRET)(payloadFor(benchCallerHeader(bank)), BODY);
    expect(verifyCaller(header, `${BODY} `, SECRET)).toEqual({ ok: false, reason: 'caller signature does not match this request' });
  });

  it('signs for anonymous when the bench names no caller, or one that does not parse', () => {
    for (const header of [undefined, null, 'not-json']) {
      const result = verifyCaller(peerSigner(SECRET)(payloadFor(header), BODY), BODY, SECRET);
      expect(result).toMatchObject({ ok: true, caller: { principal: { kind: 'ANONYMOUS' }, purpose: null } });
    }
  });

  it('refuses to start without the secret', () => {
    expect(() => peerSigner('')).toThrow(/BENCH_CALLER_SECRET/);
  });
});
