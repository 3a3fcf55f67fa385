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
 *   hk     the holder-binding KDF and its parameters: {"alg":"scrypt","N":16384,"r":8,"p":1}
 *   hb     holder binding: base64url(scrypt(P = idNumber, S = hs, N, r, p, dkLen = 32)), where
 *          idNumber is the holder's resident ID number (18 characters, check character upper
 *          case) and hs is taken as its UTF-8 bytes, as written in the claim (RFC 7914)
 * and nothing else: never the ID number, the name or the person's id. The verifier recomputes `hb`
 * from the ID document the holder shows, so a copied code does not work with anybody else's ID.
 *
 * A JWS is signed, not encrypted: whoever holds a code reads its claims. An ID number has little
 * entropy (birth date and region leave some 10^4-10^6 candidates), so a fast hash would let any
 * holder of a copied code recover it in under a second. scrypt with these parameters (16 MiB, the
 * "interactive" setting of the scrypt paper) makes each guess cost tens of milliseconds and that
 * memory, so a search costs hours of CPU per code (README, "Same-city treatment"). It cannot make
 * recovery impossible: offline verification needs the binding to be computable from public
 * inputs. Codes are short-lived and shown together with the ID document anyway.
 *
 * Codes issued before the binding used scrypt (claims without `hk`, `hb` = SHA-256) are refused
 * as OUTDATED: they lived 5 minutes, so a holder meets this at most once and obtains a new code,
 * and the fast binding needs no verifier kept alive for it.
  */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import {
  createLocalJWKSet, errors, importJWK, jwtVerify, SignJWT, type JSONWebKeySet, type JWK, type JWTPayload,
} from 'jose';

export const INTEGRITY_CODE_TYP = 'integrity-code+jwt';
export const INTEGRITY_CODE_ALG = 'EdDSA';
/** How far a verifier's clock may be behind the issuer's (seconds). */
export const CLOCK_TOLERANCE_SECONDS = 5;
/** Anything longer is not a code of ours (a real one is about 400 characters). */
export const MAX_CODE_LENGTH = 2048;

/** The holder-binding KDF as a code states it (claim `hk`): scrypt's cost N, block size r, parallelism p. */
export interface HolderKdf {
  alg: 'scrypt';
  N: number;
  r: number;
  p: number;
}

/**
 * What new codes use: 16 MiB and about 40-65 ms per computation on the 2-core machine this was
 * tuned on (README). Raising N later needs no verifier change: each code states its own.
 */
export const HOLDER_KDF: Readonly<HolderKdf> = Object.freeze({ alg: 'scrypt', N: 16_384, r: 8, p: 1 });

/**
 * What a verifier agrees to compute (a code names its own parameters): N a power of two in
 * [2^14, 2^17], r in [1, 16], p in [1, 4], at most 128 MiB. Weaker settings would be a binding
 * anyone could search; stronger ones would let a code make a verifier spend seconds and memory.
 */
const KDF_BOUNDS = { minN: 2 ** 14, maxN: 2 ** 17, maxR: 16, maxP: 4, maxMemory: 128 * 2 ** 20 } as const;
const kdfMemory = (kdf: HolderKdf) => 128 * kdf.N * kdf.r;

export interface IntegrityClaims {
  grade: string;
  city: string;
  iat: number;
  exp: number;
  jti: string;
  hs: string;
  hk: HolderKdf;
  hb: string;
}

const CLAIM_NAMES: readonly (keyof IntegrityClaims)[] = ['grade', 'city', 'iat', 'exp', 'jti', 'hs', 'hk', 'hb'];
/** The claims of a code from before the scrypt binding (`hb` = SHA-256): refused as OUTDATED. */
const SHA256_BINDING_CLAIM_NAMES: readonly string[] = ['grade', 'city', 'iat', 'exp', 'jti', 'hs', 'hb'];

export type IntegrityCodeRejection = 'MALFORMED' | 'FORGED' | 'OUTDATED' | 'EXPIRED' | 'SPENT' | 'HOLDER_MISMATCH';

export type IntegrityCodeCheck =
  /** Signature, type and expiry hold; `holderMatches` is true when an ID number was given, else null. */
  | { valid: true; claims: IntegrityClaims; holderMatches: true | null }
  /**
   * MALFORMED / FORGED: nothing of the code can be trusted (`claims` null); OUTDATED: genuine, but
   * bound with the SHA-256 binding of before (`claims` null: they are not of today's shape).
   */
  | { valid: false; reason: 'MALFORMED' | 'FORGED' | 'OUTDATED'; claims: null; holderMatches: null }
  /** EXPIRED / HOLDER_MISMATCH (and SPENT, online only): the signature verified; the claims are genuine. */
  | { valid: false; reason: 'EXPIRED' | 'SPENT' | 'HOLDER_MISMATCH'; claims: IntegrityClaims; holderMatches: boolean | null };

/** The ID number as bound: trimmed, check character `x` upper-cased. Validate it before. */
export const normalizeIdNumber = (idNumber: string): string => idNumber.trim().toUpperCase();

/** Bytes of the binding (43 base64url characters). */
const BINDING_BYTES = 32;

/**
 * base64url(scrypt(idNumber, salt, N, r, p, 32)). Asynchronous: scrypt runs on libuv's thread
 * pool, so the tens of milliseconds it costs do not block the event loop.
 */
export function holderBinding(salt: string, idNumber: string, kdf: HolderKdf = HOLDER_KDF): Promise<string> {
  const { N, r, p } = kdf;
  return new Promise((resolve, reject) => {
    scrypt(normalizeIdNumber(idNumber), salt, BINDING_BYTES, { N, r, p, maxmem: 2 * kdfMemory(kdf) }, (err, key) => {
      if (err) reject(err);
      else resolve(key.toString('base64url'));
    });
  });
}

/** Whether `hb` was made from `idNumber` with `hs` under `hk`; constant-time comparison. */
export async function holderMatches(claims: Pick<IntegrityClaims, 'hs' | 'hk' | 'hb'>, idNumber: string): Promise<boolean> {
  const expected = Buffer.from(await holderBinding(claims.hs, idNumber, claims.hk));
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
    hk: { ...HOLDER_KDF },
    hb: await holderBinding(holderSalt, input.idNumber, HOLDER_KDF),
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

const hasExactly = (o: object, names: readonly string[]) => {
  const keys = Object.keys(o);
  return keys.length === names.length && names.every((k) => keys.includes(k));
};

/** The KDF if `hk` names scrypt with parameters inside KDF_BOUNDS, else null. */
function parseKdf(hk: unknown): HolderKdf | null {
  if (typeof hk !== 'object' || hk === null || Array.isArray(hk) || !hasExactly(hk, ['alg', 'N', 'r', 'p'])) return null;
  const { alg, N, r, p } = hk as Record<string, unknown>;
  if (alg !== 'scrypt' || !isInt(N) || !isInt(r) || !isInt(p)) return null;
  const kdf: HolderKdf = { alg, N, r, p };
  const powerOfTwo = (N & (N - 1)) === 0;
  if (!powerOfTwo || N < KDF_BOUNDS.minN || N > KDF_BOUNDS.maxN || r < 1 || r > KDF_BOUNDS.maxR || p < 1 || p > KDF_BOUNDS.maxP) return null;
  return kdfMemory(kdf) <= KDF_BOUNDS.maxMemory ? kdf : null;
}

/** The claims if the payload is exactly an integrity code's; 'OUTDATED' for the SHA-256 binding's; else null. */
function parseClaims(payload: JWTPayload): IntegrityClaims | 'OUTDATED' | null {
  if (hasExactly(payload, SHA256_BINDING_CLAIM_NAMES)) return 'OUTDATED';
  if (!hasExactly(payload, CLAIM_NAMES)) return null;
  const { grade, city, iat, exp, jti, hs, hk, hb } = payload as Record<string, unknown>;
  if (!isText(grade, 8) || !isText(city, 12) || !isInt(iat) || !isInt(exp) || exp <= iat) return null;
  if (!isText(jti, 64) || !B64URL.test(jti) || !isText(hs, 64) || !B64URL.test(hs)) return null;
  if (typeof hb !== 'string' || hb.length !== 43 || !B64URL.test(hb)) return null;
  const kdf = parseKdf(hk);
  return kdf && { grade, city, iat, exp, jti, hs, hk: kdf, hb };
}

const forged = { valid: false, reason: 'FORGED', claims: null, holderMatches: null } as const;
const malformed = { valid: false, reason: 'MALFORMED', claims: null, holderMatches: null } as const;
const outdated = { valid: false, reason: 'OUTDATED', claims: null, holderMatches: null } as const;

/**
 * A verifier over a JWKS (the published public keys), built once. Checks, in order: shape
 * (MALFORMED), signature by a key of the set under EdDSA (FORGED), header `typ` and the claim set
 * (MALFORMED; OUTDATED for the SHA-256 binding of before), expiry with 5 s tolerance (EXPIRED),
 * and, when an ID number is given, the holder binding (HOLDER_MISMATCH; this is the one costly
 * step, one scrypt). Never throws for a bad code.
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
    if (claims === 'OUTDATED') return outdated;
    if (!claims) return malformed;

    const given = idNumber == null ? null : await holderMatches(claims, idNumber);
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
