/**
 * Bearer tokens from a real-name identity provider (JWT, EdDSA or RS256). The demo runs its own
 * provider: an Ed25519 key pair under DATA_DIR that mints tokens for demo persons, enterprises and
 * operators; production verifies against the provider's public keys (JWKS file or URL).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  createLocalJWKSet, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT,
  type JSONWebKeySet, type JWK, type JWTVerifyGetKey,
} from 'jose';

export type TokenSubjectKind = 'PERSON' | 'ENTERPRISE' | 'OPERATOR';
export const TOKEN_KIND_CLAIM = 'cg_kind';

export interface DemoIdentityProvider {
  privateJwk: JWK;
  jwks: JSONWebKeySet;
}

/** Loads the demo provider's key pair from `file`, creating it on first use (its `kid` starts with `kidPrefix`). */
export async function loadOrCreateDemoProvider(file: string, kidPrefix = 'demo'): Promise<DemoIdentityProvider> {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DemoIdentityProvider;
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const kid = `${kidPrefix}-${Date.now().toString(36)}`;
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'EdDSA', use: 'sig' };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
  const provider: DemoIdentityProvider = { privateJwk, jwks: { keys: [publicJwk] } };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(provider, null, 2), { mode: 0o600 });
  return provider;
}

export interface MintOptions {
  kind: TokenSubjectKind;
  subject: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export async function mintToken(privateJwk: JWK, o: MintOptions): Promise<string> {
  const key = await importJWK(privateJwk, privateJwk.alg ?? 'EdDSA');
  return new SignJWT({ [TOKEN_KIND_CLAIM]: o.kind })
    .setProtectedHeader({ alg: privateJwk.alg ?? 'EdDSA', kid: privateJwk.kid, typ: 'JWT' })
    .setSubject(o.subject)
    .setIssuer(o.issuer)
    .setAudience(o.audience)
    .setIssuedAt()
    .setNotBefore('0s')
    .setExpirationTime(`${o.ttlSeconds}s`)
    .sign(key);
}

export interface VerifiedToken {
  kind: TokenSubjectKind;
  subject: string;
}

export type TokenVerifier = (token: string) => Promise<VerifiedToken>;

/** Verifies signature (EdDSA or RS256 only), issuer, audience, expiry and not-before. */
export function createTokenVerifier(keys: JWTVerifyGetKey | JSONWebKeySet, issuer: string, audience: string): TokenVerifier {
  const getKey = typeof keys === 'function' ? keys : createLocalJWKSet(keys);
  return async (token) => {
    const { payload } = await jwtVerify(token, getKey, {
      issuer, audience, algorithms: ['EdDSA', 'RS256'], clockTolerance: 5, requiredClaims: ['exp', 'sub'],
    });
    const kind = payload[TOKEN_KIND_CLAIM];
    if (kind !== 'PERSON' && kind !== 'ENTERPRISE' && kind !== 'OPERATOR') {
      throw new Error(`token claim ${TOKEN_KIND_CLAIM} must be PERSON, ENTERPRISE or OPERATOR`);
    }
    return { kind, subject: payload.sub! };
  };
}
