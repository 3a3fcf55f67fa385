/**
 * Signing credit reports: Ed25519 (JOSE `alg: EdDSA`) over the report's canonical JSON, as a JWS
 * with a detached payload (RFC 7515 Appendix F): `<protected header>..<signature>`, both base64url.
 * The protected header is `{"alg":"EdDSA","kid":…,"typ":"credit-report+jws"}`; the signing input
 * is `<protected header>.<base64url(canonical JSON)>`, as for any compact JWS, so a JOSE library
 * verifies it once the payload is put back between the dots, and so does plain Ed25519 (see
 * examples/verify-report.mjs, node:crypto only).
 *
 * The key is its own pair with its own `kid` (not the integrity codes' nor the identity
 * provider's), in the `{ privateJwk, jwks }` file scripts/prepare.ts makes for the demo; the gateway
 * publishes its public half at /.well-known/jwks.json with the other keys.
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { JWK } from 'jose';

export const REPORT_JWS_TYP = 'credit-report+jws';

export interface ReportSigner {
  kid: string;
  /** The detached JWS over `canonical`. */
  sign(canonical: string): string;
}

const b64url = (s: string | Buffer) => Buffer.from(s).toString('base64url');

export interface ReportKey {
  signer: ReportSigner;
  /** The public keys of the file (the current one and any retired ones reports were signed with). */
  jwks: { keys: JWK[] };
}

/** A `{ privateJwk, jwks }` key file: an Ed25519 private JWK with a `kid`, and the public keys. */
export function loadReportKey(file: string): ReportKey {
  const { privateJwk, jwks } = JSON.parse(readFileSync(file, 'utf8')) as { privateJwk?: JWK; jwks?: { keys?: JWK[] } };
  if (!privateJwk || privateJwk.kty !== 'OKP' || privateJwk.crv !== 'Ed25519' || !privateJwk.d || !privateJwk.kid) {
    throw new Error(`${file}: expected { privateJwk } holding an Ed25519 private key (kty OKP, crv Ed25519, d) with a kid`);
  }
  const { d: _private, ...publicJwk } = privateJwk;
  const keys = jwks?.keys?.some((k) => k.kid === privateJwk.kid) ? jwks.keys : [...(jwks?.keys ?? []), publicJwk];
  return { signer: reportSigner(createPrivateKey({ key: privateJwk as never, format: 'jwk' }), privateJwk.kid), jwks: { keys } };
}

export function reportSigner(key: KeyObject, kid: string): ReportSigner {
  const header = b64url(JSON.stringify({ alg: 'EdDSA', kid, typ: REPORT_JWS_TYP }));
  return {
    kid,
    sign(canonical) {
      const signature = sign(null, Buffer.from(`${header}.${b64url(canonical)}`), key);
      return `${header}..${b64url(signature)}`;
    },
  };
}

export type SignatureCheck = { ok: true; kid: string } | { ok: false; reason: 'MALFORMED' | 'UNKNOWN_KEY' | 'BAD_SIGNATURE' };

/** Checks a detached JWS over `canonical` against the public keys of a JWKS (ours: Ed25519 only). */
export function verifyReportSignature(canonical: string, jws: string, jwks: { keys: JWK[] }): SignatureCheck {
  const parts = jws.split('.');
  if (parts.length !== 3 || parts[1] !== '') return { ok: false, reason: 'MALFORMED' };
  let header: { alg?: unknown; kid?: unknown };
  try {
    header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'MALFORMED' };
  }
  if (header.alg !== 'EdDSA' || typeof header.kid !== 'string') return { ok: false, reason: 'MALFORMED' };
  const jwk = jwks.keys.find((k) => k.kid === header.kid && k.kty === 'OKP' && k.crv === 'Ed25519');
  if (!jwk) return { ok: false, reason: 'UNKNOWN_KEY' };
  const { d: _private, ...publicJwk } = jwk;
  const ok = verify(null, Buffer.from(`${parts[0]}.${b64url(canonical)}`),
    createPublicKey({ key: publicJwk as never, format: 'jwk' }), Buffer.from(parts[2]!, 'base64url'));
  return ok ? { ok: true, kid: header.kid } : { ok: false, reason: 'BAD_SIGNATURE' };
}

/** The `kid` in a detached JWS's protected header ('' when there is none). */
export function kidOf(signature: string): string {
  try {
    const header = JSON.parse(Buffer.from(signature.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid?: unknown };
    return typeof header.kid === 'string' ? header.kid : '';
  } catch {
    return '';
  }
}
