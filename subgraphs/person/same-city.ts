/**
 * Same-city treatment (同城待遇): a person obtains an integrity code; a partner city verifies it,
 * offline with the published key or online here, where the code's token id is spent once.
 *
 * Issuing records the code (token id → person, grade, validity) and logs the disclosure of the
 * INTEGRITY category to the person themself (basis SELF, as reading their own grade does). An
 * online verification that accepts a code logs the grade's disclosure to that partner city (basis
 * INTEGRITY_CODE, purpose SAME_CITY_TREATMENT) in the person's access log: the person sees which
 * city checked their code. Offline verification leaves no trace here, by nature.
 *
 * Online, in order: the offline checks (MALFORMED, FORGED, EXPIRED, HOLDER_MISMATCH); the code
 * must be one this platform issued (else FORGED: only a leaked signing key makes such a code, and
 * it is logged as a warning); then the token id is spent (SPENT if it was already). A code shown
 * with somebody else's ID number is refused WITHOUT being spent, so that a copy in the wrong hands
 * cannot burn the real holder's code. Spending comes before the access-log entry: if the entry
 * cannot be written the grade is withheld (INTERNAL_SERVER_ERROR) and the code stays spent; the
 * holder obtains another one. The other order would log a disclosure for every replay of a spent
 * code.
 */
import { readFile } from 'node:fs/promises';
import { forbidden } from '../../lib/errors.ts';
import { decodeJwt, type JSONWebKeySet } from 'jose';
import type { IntegrityCode, IntegrityCodeVerification } from '../../codegen/person.ts';
import type { Context } from './context.ts';
import { recordIntegrityCodeIssue, spendIntegrityCode } from './db/integrity-codes.ts';
import { logDisclosure } from './rules.ts';
import {
  createIntegrityCodeVerifier, importSigningKey, MAX_CODE_LENGTH, parseIntegrityKeyPair, signIntegrityCode,
  type IntegrityCodeCheck, type IntegrityCodeVerifier, type IntegritySigningKey,
} from './integrity-code.ts';

/** What the subgraph needs to issue and verify codes, built once per process. */
export interface IntegrityCodes {
  /** The issuing city (administrative division code). */
  city: string;
  ttlSeconds: number;
  signingKey: IntegritySigningKey;
  /** The public keys (what the gateway publishes at /.well-known/jwks.json). */
  jwks: JSONWebKeySet;
  verify: IntegrityCodeVerifier;
}

/** Reads and checks the key file (`{ privateJwk, jwks }`) and imports the signing key. */
export async function loadIntegrityCodes(config: {
  integrityKeyFile: string; integrityCity: string; integrityCodeTtlSeconds: number;
}): Promise<IntegrityCodes> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(config.integrityKeyFile, 'utf8'));
  } catch (err) {
    throw new Error(`INTEGRITY_KEY_FILE ${config.integrityKeyFile}: cannot read a JSON key pair (${(err as Error).message})`);
  }
  const pair = parseIntegrityKeyPair(json);
  return {
    city: config.integrityCity,
    ttlSeconds: config.integrityCodeTtlSeconds,
    signingKey: await importSigningKey(pair.privateJwk),
    jwks: pair.jwks,
    verify: createIntegrityCodeVerifier(pair.jwks),
  };
}

/** Issues a code to the signed-in person `personId`; FORBIDDEN if no such person is on record. */
export async function issueIntegrityCode(ctx: Context, personId: string): Promise<IntegrityCode> {
  const person = await ctx.loaders.personById.load(personId);
  if (!person) throw forbidden('No person record belongs to this sign-in.');
  const now = ctx.now();
  const signed = await signIntegrityCode(ctx.integrity.signingKey, {
    grade: person.integrityGrade,
    city: ctx.integrity.city,
    idNumber: ctx.idNumbers.reveal(person.idCipher),
    now,
    ttlSeconds: ctx.integrity.ttlSeconds,
  });
  await Promise.all([
    recordIntegrityCodeIssue(ctx.db, {
      jti: signed.claims.jti, personId: person.id, grade: signed.claims.grade,
      issuedAt: new Date(signed.claims.iat * 1000), expiresAt: signed.expiresAt,
    }),
    logDisclosure(ctx, person.id, 'INTEGRITY', { basis: 'SELF', consentId: null }),
  ]);
  return { code: signed.code, expiresAt: signed.expiresAt, grade: signed.claims.grade, holderSalt: signed.holderSalt };
}

function answer(check: IntegrityCodeCheck): IntegrityCodeVerification {
  if (check.valid) {
    const { grade, city, exp } = check.claims;
    return { valid: true, grade, city, expiresAt: new Date(exp * 1000), holderMatches: check.holderMatches, reason: null };
  }
  if (check.claims === null) {
    return { valid: false, grade: null, city: null, expiresAt: null, holderMatches: null, reason: check.reason };
  }
  return {
    valid: false, grade: null, city: check.claims.city, expiresAt: new Date(check.claims.exp * 1000),
    holderMatches: check.holderMatches, reason: check.reason,
  };
}

/** The `jti` the payload claims, before anything is verified; null if there is none to read. */
function unverifiedJti(code: string): string | null {
  if (code.length > MAX_CODE_LENGTH) return null;
  try {
    const { jti } = decodeJwt(code);
    return typeof jti === 'string' && jti.length <= 64 ? jti : null;
  } catch {
    return null;
  }
}

/**
 * Verifies a code for the partner city `institutionId` and spends it. `idNumber` is the validated
 * number of the ID document the holder shows, or null.
 */
export async function verifyIntegrityCode(
  ctx: Context, institutionId: string, code: string, idNumber: string | null,
): Promise<IntegrityCodeVerification> {
  const now = ctx.now();
  // The issuance lookup starts with the signature check, not after it: every code of a request
  // is looked up in one statement (the checks finish at different ticks), and the round trip
  // overlaps the signature check. Its answer is used only once the signature verified.
  const claimedJti = unverifiedJti(code);
  const issued = claimedJti === null ? Promise.resolve(null) : ctx.loaders.integrityCodeIssueByJti.load(claimedJti);
  issued.catch(() => {}); // awaited below only for a valid code; a failure then surfaces there
  const check = await ctx.integrity.verify(code, { now, idNumber });
  if (!check.valid) return answer(check);

  const issue = check.claims.jti === claimedJti ? await issued : null;
  if (!issue) {
    ctx.log.warn({ jti: check.claims.jti, kid: ctx.integrity.signingKey.kid },
      'an integrity code signed with our key was never issued here: is the signing key leaked or shared?');
    return answer({ valid: false, reason: 'FORGED', claims: null, holderMatches: null });
  }
  if (!(await spendIntegrityCode(ctx.db, check.claims.jti, institutionId, now))) {
    return answer({ valid: false, reason: 'SPENT', claims: check.claims, holderMatches: check.holderMatches });
  }
  await logDisclosure(ctx, issue.personId, 'INTEGRITY', { basis: 'INTEGRITY_CODE', consentId: null });
  return answer(check);
}
