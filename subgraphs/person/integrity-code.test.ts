/** Integrity codes offline: what a partner city can check with nothing but the published JWKS. */
import { createHash, scryptSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt, decodeProtectedHeader, importJWK, SignJWT } from 'jose';
import { makeIdNumber } from '../../lib/identifiers/id-number.ts';
import { loadOrCreateDemoProvider, type DemoIdentityProvider } from '../../lib/tokens.ts';
import {
  holderBinding, parseIntegrityKeyPair, signIntegrityCode, verifyIntegrityCodeOffline, type IntegrityClaims, type IntegrityCodeInput,
} from './integrity-code.ts';

const NOW = new Date('2025-06-15T04:00:00Z');
const holder = makeIdNumber('330502', '19880517', 101);
const someoneElse = makeIdNumber('330502', '19880517', 103);

let dir: string;
let issuer: DemoIdentityProvider;
let stranger: DemoIdentityProvider;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'integrity-code-test-'));
  issuer = await loadOrCreateDemoProvider(join(dir, 'issuer.json'));
  stranger = await loadOrCreateDemoProvider(join(dir, 'stranger.json'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const input = (over: Partial<IntegrityCodeInput> = {}): IntegrityCodeInput => ({
  grade: 'AA', city: '330500', idNumber: holder, now: NOW, ttlSeconds: 300, ...over,
});
const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

/** The binding recomputed with node:crypto's scrypt from the parameters a code states. */
const scryptBinding = (idNumber: string, claims: Pick<IntegrityClaims, 'hs' | 'hk'>) =>
  scryptSync(idNumber, claims.hs, 32, { N: claims.hk.N, r: claims.hk.r, p: claims.hk.p, maxmem: 256 * claims.hk.N * claims.hk.r }).toString('base64url');

/** A token of the issuer's key over any payload (for claim sets signIntegrityCode does not make). */
async function signRaw(payload: Record<string, unknown>, typ = 'integrity-code+jwt'): Promise<string> {
  const key = await importJWK(issuer.privateJwk, 'EdDSA');
  return new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', typ, kid: issuer.privateJwk.kid }).sign(key);
}

/** The code with its payload replaced, the original signature kept. */
function withPayload(code: string, payload: Record<string, unknown>): string {
  const [header, , signature] = code.split('.');
  return `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
}

describe('signIntegrityCode', () => {
  it('signs only grade, city, iat, exp, jti and the scrypt holder binding with its salt and parameters, under the key\'s kid', async () => {
    const signed = await signIntegrityCode(issuer.privateJwk, input());
    expect(decodeProtectedHeader(signed.code)).toEqual({ alg: 'EdDSA', typ: 'integrity-code+jwt', kid: issuer.privateJwk.kid });
    const payload = decodeJwt(signed.code);
    const hk = { alg: 'scrypt', N: 16_384, r: 8, p: 1 } as const;
    expect(payload).toEqual({
      grade: 'AA', city: '330500', iat: NOW.getTime() / 1000, exp: NOW.getTime() / 1000 + 300,
      jti: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), hs: signed.holderSalt, hk, hb: scryptBinding(holder, { hs: signed.holderSalt, hk }),
    });
    expect(signed.expiresAt).toEqual(at(300));
    expect(signed.claims).toEqual(payload);
    const text = Buffer.from(signed.code.split('.')[1]!, 'base64url').toString();
    expect(text).not.toContain(holder);
    expect(text).not.toContain(holder.slice(6, 14));
  });

  it('makes a fresh token id and salt for every code, so two codes of one person cannot be linked by them', async () => {
    const a = await signIntegrityCode(issuer.privateJwk, input());
    const b = await signIntegrityCode(issuer.privateJwk, input());
    expect(a.claims.jti).not.toBe(b.claims.jti);
    expect(a.holderSalt).not.toBe(b.holderSalt);
    expect(a.claims.hb).not.toBe(b.claims.hb);
  });

  it('binds base64url(scrypt(idNumber, salt, N=16384, r=8, p=1, 32 bytes)), the check character upper case', async () => {
    // python3 -c "import hashlib,base64; print(base64.urlsafe_b64encode(hashlib.scrypt(b'11010519491231002X',
    //   salt=b'c2FsdA', n=16384, r=8, p=1, dklen=32)).decode().rstrip('='))"
    expect(await holderBinding('c2FsdA', '11010519491231002X')).toBe('fC0D34adMg4cpXF061V3psMBNz-eoaU4IfYFTN5yAfE');
    expect(await holderBinding('c2FsdA', ' 11010519491231002x ')).toBe('fC0D34adMg4cpXF061V3psMBNz-eoaU4IfYFTN5yAfE');
    const stronger = { alg: 'scrypt', N: 32_768, r: 8, p: 1 } as const;
    expect(await holderBinding('c2FsdA', '11010519491231002X', stronger)).toBe(scryptBinding('11010519491231002X', { hs: 'c2FsdA', hk: stronger }));
  });
});

describe('verifyIntegrityCodeOffline', () => {
  it('accepts a fresh code with the published key set, and says the holder matches the ID shown', async () => {
    const { code, claims } = await signIntegrityCode(issuer.privateJwk, input());
    expect(await verifyIntegrityCodeOffline(code, issuer.jwks, { now: at(10), idNumber: holder })).toEqual({ valid: true, claims, holderMatches: true });
    expect(await verifyIntegrityCodeOffline(code, issuer.jwks, { now: at(10) })).toEqual({ valid: true, claims, holderMatches: null });
  });

  it('refuses a copied code shown with someone else\'s ID number: HOLDER_MISMATCH', async () => {
    const { code, claims } = await signIntegrityCode(issuer.privateJwk, input());
    expect(await verifyIntegrityCodeOffline(code, issuer.jwks, { now: at(10), idNumber: someoneElse }))
      .toEqual({ valid: false, reason: 'HOLDER_MISMATCH', claims, holderMatches: false });
  });

  it('recomputes the binding with the parameters the code states, not its own defaults', async () => {
    const { claims } = await signIntegrityCode(issuer.privateJwk, input());
    const hk = { alg: 'scrypt', N: 32_768, r: 8, p: 1 };
    const code = await signRaw({ ...claims, hk, hb: scryptBinding(holder, { hs: claims.hs, hk: hk as IntegrityClaims['hk'] }) });
    expect(await verifyIntegrityCodeOffline(code, issuer.jwks, { now: at(10), idNumber: holder })).toMatchObject({ valid: true, holderMatches: true });
    expect(await verifyIntegrityCodeOffline(code, issuer.jwks, { now: at(10), idNumber: someoneElse })).toMatchObject({ reason: 'HOLDER_MISMATCH' });
  });

  it('refuses a genuine code of the SHA-256 binding of before as OUTDATED, expired or not', async () => {
    const { claims } = await signIntegrityCode(issuer.privateJwk, input());
    const { hk: _hk, ...rest } = claims;
    const old = await signRaw({ ...rest, hb: createHash('sha256').update(`${claims.hs}:${holder}`).digest('base64url') });
    for (const now of [at(10), at(86_400)]) {
      expect(await verifyIntegrityCodeOffline(old, issuer.jwks, { now, idNumber: holder }))
        .toEqual({ valid: false, reason: 'OUTDATED', claims: null, holderMatches: null });
    }
  });

  it.each([
    ['a weaker N', { alg: 'scrypt', N: 1_024, r: 8, p: 1 }],
    ['an N past what a verifier computes', { alg: 'scrypt', N: 2 ** 20, r: 8, p: 1 }],
    ['an N that is not a power of two', { alg: 'scrypt', N: 20_000, r: 8, p: 1 }],
    ['more than 128 MiB', { alg: 'scrypt', N: 2 ** 17, r: 16, p: 1 }],
    ['another KDF', { alg: 'pbkdf2', N: 16_384, r: 8, p: 1 }],
    ['an extra parameter', { alg: 'scrypt', N: 16_384, r: 8, p: 1, dkLen: 16 }],
    ['parameters as text', { alg: 'scrypt', N: '16384', r: 8, p: 1 }],
    ['a string', 'scrypt'],
  ])('calls a code stating %s for its binding MALFORMED', async (_what, hk) => {
    const { claims } = await signIntegrityCode(issuer.privateJwk, input());
    const code = await signRaw({ ...claims, hk });
    expect(await verifyIntegrityCodeOffline(code, issuer.jwks, { now: at(10), idNumber: holder })).toMatchObject({ valid: false, reason: 'MALFORMED' });
  });

  it('calls a code whose payload was changed FORGED', async () => {
    const { code, claims } = await signIntegrityCode(issuer.privateJwk, input({ grade: 'C' }));
    const tampered = withPayload(code, { ...claims, grade: 'AAA' });
    expect(await verifyIntegrityCodeOffline(tampered, issuer.jwks, { now: at(10), idNumber: holder }))
      .toEqual({ valid: false, reason: 'FORGED', claims: null, holderMatches: null });
    const longer = withPayload(code, { ...claims, exp: claims.exp + 86_400 });
    expect(await verifyIntegrityCodeOffline(longer, issuer.jwks, { now: at(10) })).toMatchObject({ valid: false, reason: 'FORGED' });
  });

  it('calls a code signed by another key FORGED, whatever kid it names', async () => {
    const unknownKid = await signIntegrityCode(stranger.privateJwk, input());
    const stolenKid = await signIntegrityCode({ ...stranger.privateJwk, kid: issuer.privateJwk.kid }, input());
    for (const { code } of [unknownKid, stolenKid]) {
      expect(await verifyIntegrityCodeOffline(code, issuer.jwks, { now: at(10) })).toMatchObject({ valid: false, reason: 'FORGED' });
    }
  });

  it('calls a code under a symmetric algorithm keyed with the public key FORGED', async () => {
    const pub = issuer.jwks.keys[0]!;
    const { claims } = await signIntegrityCode(issuer.privateJwk, input());
    const hs256 = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256', typ: 'integrity-code+jwt', kid: pub.kid })
      .sign(new TextEncoder().encode(pub.x));
    expect(await verifyIntegrityCodeOffline(hs256, issuer.jwks, { now: at(10) })).toMatchObject({ valid: false, reason: 'FORGED' });
  });

  it('calls a code EXPIRED once its expiry is 5 seconds behind, and keeps the genuine claims', async () => {
    const { code, claims } = await signIntegrityCode(issuer.privateJwk, input());
    expect(await verifyIntegrityCodeOffline(code, issuer.jwks, { now: at(304) })).toMatchObject({ valid: true });
    expect(await verifyIntegrityCodeOffline(code, issuer.jwks, { now: at(305), idNumber: holder }))
      .toEqual({ valid: false, reason: 'EXPIRED', claims, holderMatches: true });
    expect(await verifyIntegrityCodeOffline(code, issuer.jwks, { now: at(86_400) })).toMatchObject({ valid: false, reason: 'EXPIRED' });
  });

  it('prefers FORGED to EXPIRED: an expired code with a changed payload proves nothing', async () => {
    const { code, claims } = await signIntegrityCode(issuer.privateJwk, input());
    const tampered = withPayload(code, { ...claims, grade: 'AAA' });
    expect(await verifyIntegrityCodeOffline(tampered, issuer.jwks, { now: at(86_400) })).toMatchObject({ reason: 'FORGED' });
  });

  it.each([
    ['an empty string', ''],
    ['one segment', 'abc'],
    ['four segments', 'a.b.c.d'],
    ['an unsigned JWT (alg none)', `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.`],
    ['non-base64url characters', 'a+b.c/d.e=f'],
    ['segments that are not JSON', 'abc.def.ghi'],
    ['a code too long to be ours', `${'a'.repeat(2000)}.${'b'.repeat(40)}.${'c'.repeat(86)}`],
  ])('calls %s MALFORMED', async (_what, code) => {
    expect(await verifyIntegrityCodeOffline(code, issuer.jwks, { now: NOW })).toEqual({ valid: false, reason: 'MALFORMED', claims: null, holderMatches: null });
  });

  it('calls a token of our key that is not an integrity code MALFORMED (wrong typ, extra or missing claims)', async () => {
    const { claims } = await signIntegrityCode(issuer.privateJwk, input());
    const sign = signRaw;
    const { hb: _hb, ...noBinding } = claims;
    for (const code of await Promise.all([
      sign({ ...claims }, 'JWT'),
      sign({ ...claims, sub: 'p-1' }),
      sign({ ...claims, idNumber: holder }),
      sign(noBinding),
      sign({ ...claims, exp: String(claims.exp) }),
      sign({ ...claims, exp: claims.iat }),
    ])) {
      expect(await verifyIntegrityCodeOffline(code, issuer.jwks, { now: at(10) })).toMatchObject({ valid: false, reason: 'MALFORMED' });
    }
  });
});

describe('parseIntegrityKeyPair', () => {
  it('takes the key file lib/tokens.ts writes and publishes only the public half', () => {
    const pair = parseIntegrityKeyPair(issuer);
    expect(pair.privateJwk).toEqual(issuer.privateJwk);
    expect(pair.jwks.keys).toEqual(issuer.jwks.keys);
    expect(pair.jwks.keys.every((k) => !('d' in k))).toBe(true);
    const leaky = parseIntegrityKeyPair({ ...issuer, jwks: { keys: [issuer.privateJwk] } });
    expect(leaky.jwks.keys[0]).not.toHaveProperty('d');
  });

  it('refuses a file whose public key does not belong to its private key, or that is not Ed25519', () => {
    expect(() => parseIntegrityKeyPair({ privateJwk: issuer.privateJwk, jwks: stranger.jwks })).toThrow(/no public key matching/);
    expect(() => parseIntegrityKeyPair({ privateJwk: { ...issuer.privateJwk, x: stranger.privateJwk.x }, jwks: issuer.jwks })).toThrow(/no public key matching/);
    expect(() => parseIntegrityKeyPair({ privateJwk: { kty: 'oct', k: 'abc', kid: 'k' }, jwks: issuer.jwks })).toThrow(/Ed25519/);
    expect(() => parseIntegrityKeyPair({ privateJwk: { ...issuer.privateJwk, kid: undefined }, jwks: issuer.jwks })).toThrow(/kid/);
    expect(() => parseIntegrityKeyPair(null)).toThrow(/Ed25519/);
  });
});
