/**
 * Integrity codes (诚信码) for same-city treatment: sign one, verify one offline. No I/O, no
 * database: this file is what a partner city runs against the published JWKS
 * (`/.well-known/jwks.json` on the gateway), and what the person subgraph runs before it spends a
 * code online.
 *
 * A code is a compact JWS, `alg: EdDSA` (Ed25519), `typ: integrity-code+jwt`, `kid` of the signing
 * key, whose claims are exactly:
 *   grade  the holder's integrity grade (AAA … C)
 *   city   the issuing city's administrative division code (6 digits)
 *   iat, exp  issued at / expires at, seconds since the epoch (minutes apart)
 *   jti    a random token id (online verification spends it once)
 *   hs     a random salt, fresh for every code
 *   hb     holder binding: base64url(SHA-256(hs + ":" + idNumber)) over the holder's resident ID
 *          number (18 characters, check character upper case)
 * and nothing else: never the ID number, the name or the person's id. The verifier recomputes `hb`
 * from the ID document the holder shows, so a copied code does not work with anybody else's ID.
 *
 * A JWS is signed, not encrypted: whoever holds a code reads its claims. `hb` keeps the ID number
 * out of plain sight, but an ID number has little entropy (region, birth date, 3-digit sequence),
 * so a determined holder of a copied code could recover it by trying candidates: the codes are
 * short-lived and shown to the verifier together with the ID document anyway.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  createLocalJWKSet, errors, importJWK, jwtVerify, SignJWT, type JSONWebKeySet, type JWK, type JWTPayload,
} from 'jose';

export const INTEGRITY_CODE_TYP = 'integrity-code+jwt';
export const INTEGRITY_CODE_ALG = 'EdDSA';
/** How far a verifier's clock may be behind the issuer's (seconds). */
export const CLOCK_TOLERANCE_SECONDS = 5;
/** Anything longer is not a code of ours (a real one is about 400 characters). */
export const MAX_CODE_LENGTH = 2048;

export interface IntegrityClaims {
  grade: string;
  city: string;
  iat: number;
  exp: number;
  jti: string;
  hs: string;
  hb: string;
}

const CLAIM_NAMES: readonly (keyof IntegrityClaims)[] = ['grade', 'city', 'iat', 'exp', 'jti', 'hs', 'hb'];

export type IntegrityCodeRejection = 'MALFORMED' | 'FORGED' | 'EXPIRED' | 'SPENT' | 'HOLDER_MISMATCH';

export type IntegrityCodeCheck =
  /** Signature, type and expiry hold; `holderMatches` is true when an ID number was given, else null. */
  | { valid: true; claims: IntegrityClaims; holderMatches: true | null }
  /** MALFORMED / FORGED: nothing of the code can be trusted (`claims` null). */
  | { valid: false; reason: 'MALFORMED' | 'FORGED'; claims: null; holderMatches: null }
  /** EXPIRED / HOLDER_MISMATCH (and SPENT, online only): the signature verified; the claims are genuine. */
  | { valid: false; reason: 'EXPIRED' | 'SPENT' | 'HOLDER_MISMATCH'; claims: IntegrityClaims; holderMatches: boolean | null };

/** The ID number as bound: trimmed, check character `x` upper-cased. Validate it before. */
export const normalizeIdNumber = (idNumber: string): string => idNumber.trim().toUpperCase();

/** base64url(SHA-256(salt + ":" + idNumber)). */
export function holderBinding(salt: string, idNumber: string): string {
  return createHash('sha256').update(`${salt}:${normalizeIdNumber(idNumber)}`, 'utf8').digest('base64url');
}

/** Whether `hb` was made from `idNumber` with `hs`; constant-time. */
export function holderMatches(claims: Pick<IntegrityClaims, 'hs' | 'hb'>, idNumber: string): boolean {
  const expected = Buffer.from(holderBinding(claims.hs, idNumber));
  const given = Buffer.from(claims.hb);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

// ---- signing ----------------------------------------------------------------------------------

export interface IntegrityCodeInput {
  grade: string;
  city: string;
  /** The holder's resident ID number (validated by the caller); only its salted hash is signed. */
  idNumber: string;
  now: Date;
  ttlSeconds: number;
  /** Token id; random (128 bits) by default. */
  jti?: string;
  /** Holder-binding salt; random (128 bits) by default. Never reuse one. */
  holderSalt?: string;
}

export interface SignedIntegrityCode {
  code: string;
  claims: IntegrityClaims;
  expiresAt: Date;
  holderSalt: string;
}

export interface IntegritySigningKey {
  kid: string;
  key: Awaited<ReturnType<typeof importJWK>>;
}

const randomToken = () => randomBytes(16).toString('base64url');

/** Imports an Ed25519 private JWK (with its `kid`) once, for `signIntegrityCode`. */
export async function importSigningKey(privateJwk: JWK): Promise<IntegritySigningKey> {
  if (privateJwk.kty !== 'OKP' || privateJwk.crv !== 'Ed25519' || typeof privateJwk.d !== 'string') {
    throw new TypeError(`integrity signing key must be an Ed25519 private JWK (kty OKP, crv Ed25519, d); got kty ${privateJwk.kty}, crv ${privateJwk.crv}`);
  }
  if (typeof privateJwk.kid !== 'string' || privateJwk.kid.length === 0) {
    throw new TypeError('integrity signing key must have a kid (partner cities pick the public key by it)');
  }
  return { kid: privateJwk.kid, key: await importJWK(privateJwk, INTEGRITY_CODE_ALG) };
}

const isSigningKey = (k: JWK | IntegritySigningKey): k is IntegritySigningKey =>
  !('kty' in k) && 'key' in k && typeof k.kid === 'string';

/** Signs an integrity code; `key` is a private JWK or one imported by `importSigningKey`. */
export async function signIntegrityCode(key: JWK | IntegritySigningKey, input: IntegrityCodeInput): Promise<SignedIntegrityCode> {
  const signing = isSigningKey(key) ? key : await importSigningKey(key);
  if (!Number.isInteger(input.ttlSeconds) || input.ttlSeconds < 1) {
    throw new RangeError(`ttlSeconds must be a positive integer; got ${input.ttlSeconds}`);
  }
  const iat = Math.floor(input.now.getTime() / 1000);
  const holderSalt = input.holderSalt ?? randomToken();
  const claims: IntegrityClaims = {
    grade: input.grade,
    city: input.city,
    iat,
    exp: iat + input.ttlSeconds,
    jti: input.jti ?? randomToken(),
    hs: holderSalt,
    hb: holderBinding(holderSalt, input.idNumber),
  };
  const code = await new SignJWT({ ...claims })
    .setProtectedHeader({ alg: INTEGRITY_CODE_ALG, typ: INTEGRITY_CODE_TYP, kid: signing.kid })
    .sign(signing.key);
  return { code, claims, expiresAt: new Date(claims.exp * 1000), holderSalt };
}

// ---- verifying --------------------------------------------------------------------------------

export interface VerifyOptions {
  now: Date;
  /** The resident ID number on the document the holder shows (validated by the caller). */
  idNumber?: string | null;
}

export type IntegrityCodeVerifier = (code: string, opts: VerifyOptions) => Promise<IntegrityCodeCheck>;

const B64URL = /^[A-Za-z0-9_-]+$/;
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;

/** The claims if the payload is exactly an integrity code's, else null. */
function parseClaims(payload: JWTPayload): IntegrityClaims | null {
  const keys = Object.keys(payload);
  if (keys.length !== CLAIM_NAMES.length || !CLAIM_NAMES.every((k) => keys.includes(k))) return null;
  const { grade, city, iat, exp, jti, hs, hb } = payload as Record<string, unknown>;
  if (!isText(grade, 8) || !isText(city, 12) || !isInt(iat) || !isInt(exp) || exp <= iat) return null;
  if (!isText(jti, 64) || !B64URL.test(jti) || !isText(hs, 64) || !B64URL.test(hs)) return null;
  if (typeof hb !== 'string' || hb.length !== 43 || !B64URL.test(hb)) return null;
  return { grade, city, iat, exp, jti, hs, hb };
}

const forged = { valid: false, reason: 'FORGED', claims: null, holderMatches: null } as const;
const malformed = { valid: false, reason: 'MALFORMED', claims: null, holderMatches: null } as const;

/**
 * A verifier over a JWKS (the published public keys), built once. Checks, in order: shape
 * (MALFORMED), signature by a key of the set under EdDSA (FORGED), header `typ` and the claim set
 * (MALFORMED), expiry with 5 s tolerance (EXPIRED), and, when an ID number is given, the holder
 * binding (HOLDER_MISMATCH). Never throws for a bad code.
 */
export function createIntegrityCodeVerifier(jwks: JSONWebKeySet): IntegrityCodeVerifier {
  const getKey = createLocalJWKSet(jwks);
  return async (code, { now, idNumber }) => {
    if (typeof code !== 'string' || code.length === 0 || code.length > MAX_CODE_LENGTH) return malformed;
    const parts = code.split('.');
    if (parts.length !== 3 || !parts.every((p) => p.length > 0 && B64URL.test(p))) return malformed;

    let payload: JWTPayload;
    let expired = false;
    try {
      ({ payload } = await jwtVerify(code, getKey, {
        algorithms: [INTEGRITY_CODE_ALG], typ: INTEGRITY_CODE_TYP, currentDate: now, clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (err) {
      if (err instanceof errors.JWSSignatureVerificationFailed || err instanceof errors.JWKSNoMatchingKey
        || err instanceof errors.JWKSMultipleMatchingKeys || err instanceof errors.JOSEAlgNotAllowed) return forged;
      // jose checks the expiry only once the signature verified: these claims are genuine.
      if (err instanceof errors.JWTExpired) {
        payload = err.payload;
        expired = true;
      } else if (err instanceof errors.JOSEError) {
        return malformed;
      } else {
        throw err;
      }
    }
    const claims = parseClaims(payload);
    if (!claims) return malformed;

    const given = idNumber == null ? null : holderMatches(claims, idNumber);
    if (expired) return { valid: false, reason: 'EXPIRED', claims, holderMatches: given };
    if (given === false) return { valid: false, reason: 'HOLDER_MISMATCH', claims, holderMatches: false };
    return { valid: true, claims, holderMatches: given };
  };
}

/** One-shot offline verification: what a partner city runs with the published JWKS. */
export function verifyIntegrityCodeOffline(code: string, jwks: JSONWebKeySet, opts: VerifyOptions): Promise<IntegrityCodeCheck> {
  return createIntegrityCodeVerifier(jwks)(code, opts);
}

// ---- the key file -----------------------------------------------------------------------------

export interface IntegrityKeyPair {
  privateJwk: JWK;
  jwks: JSONWebKeySet;
}

/**
 * Checks a key file's content (`{ privateJwk, jwks }`, as `lib/tokens.ts` writes it): an Ed25519
 * private key with a kid, whose public half is in the JWKS under the same kid. Returns it with
 * the private parts of the JWKS stripped (the set is what gets published).
 */
export function parseIntegrityKeyPair(json: unknown): IntegrityKeyPair {
  const o = json as Partial<IntegrityKeyPair> | null;
  const priv = o?.privateJwk;
  if (!priv || priv.kty !== 'OKP' || priv.crv !== 'Ed25519' || typeof priv.d !== 'string' || typeof priv.x !== 'string') {
    throw new TypeError('integrity key: privateJwk must be an Ed25519 private JWK (kty OKP, crv Ed25519, x, d)');
  }
  if (typeof priv.kid !== 'string' || priv.kid.length === 0) throw new TypeError('integrity key: privateJwk must have a kid');
  if (!Array.isArray(o?.jwks?.keys)) throw new TypeError('integrity key: jwks must be a JSON Web Key Set ({ keys: [...] })');
  const publicKeys = o.jwks.keys.map(({ d: _d, ...pub }) => pub as JWK);
  const own = publicKeys.find((k) => k.kid === priv.kid);
  if (!own || own.x !== priv.x || own.crv !== 'Ed25519') {
    throw new TypeError(`integrity key: jwks has no public key matching privateJwk (kid ${priv.kid})`);
  }
  return { privateJwk: priv, jwks: { keys: publicKeys } };
}
