/**
 * Who is calling: no credential is anonymous; an `x-api-key` is a registered institution; a
 * `Authorization: Bearer` JWT is a person, an enterprise or an operator. A credential that is
 * presented but unknown, revoked, malformed, forged or expired is UNAUTHENTICATED (HTTP 401),
 * before anything executes.
 */
import { parseApiKey, secretMatches } from '../lib/api-keys.ts';
import { ConsentPurposeValues } from '../codegen/enums.ts';
import { ANONYMOUS, INSTITUTION_KINDS, type InstitutionKind, type Principal } from '../lib/caller.ts';
import { badUserInput, unauthenticated } from '../lib/errors.ts';
import type { TokenVerifier } from '../lib/tokens.ts';

export interface InstitutionPlan {
  ratePerSecond: number;
  burst: number;
  dailyArchivePulls: number | null;
  monthlyArchivePulls: number | null;
  /** Credit reports per CST month (issue 15); null: unlimited. Absent: unlimited. */
  monthlyReports?: number | null;
}

export interface KeyRecord {
  secretHash: string;
  revoked: boolean;
  /** When the key stops working (null or absent: never). */
  expiresAt?: Date | null;
  /** Called once the key has authenticated a request (its last-used time, gateway/key-usage.ts). */
  used?: () => void;
  institution: { id: string; name: string; kind: string; status: string; scopes: string; plan: InstitutionPlan };
}

/** Looks a key up by its public prefix (the platform database in production). */
export type KeyLookup = (prefix: string) => Promise<KeyRecord | null>;

export interface Authenticated {
  principal: Principal;
  plan: InstitutionPlan | null;
  purpose: string | null;
}

/** The purposes an institution may state: the schema's `ConsentPurpose`, generated. */
export const PURPOSES = ConsentPurposeValues;

/** Caches key lookups for `ttlMs` (a revocation takes effect within that time on every gateway). */
export function cachedKeyLookup(lookup: KeyLookup, ttlMs: number, now = () => Date.now()): KeyLookup & { clear(): void } {
  const cache = new Map<string, { at: number; value: Promise<KeyRecord | null> }>();
  const fn = async (prefix: string) => {
    const hit = cache.get(prefix);
    if (hit && now() - hit.at < ttlMs) return hit.value;
    const value = lookup(prefix);
    cache.set(prefix, { at: now(), value });
    if (cache.size > 10_000) cache.delete(cache.keys().next().value!);
    value.catch(() => cache.delete(prefix));
    return value;
  };
  return Object.assign(fn, { clear: () => cache.clear() });
}

/**
 * One principal per key record: a cached record (cachedKeyLookup) is the same object for every
 * request within its TTL, so its institution's principal is built (scopes split) once, not per
 * request. Frozen, since every request of that key shares it.
 */
const principals = new WeakMap<KeyRecord, Principal>();
function institutionPrincipal(rec: KeyRecord): Principal {
  let principal = principals.get(rec);
  if (!principal) {
    principal = Object.freeze({
      kind: 'INSTITUTION' as const,
      institutionId: rec.institution.id,
      institutionKind: rec.institution.kind as InstitutionKind,
      institutionName: rec.institution.name,
      scopes: Object.freeze(rec.institution.scopes.split(/\s+/).filter(Boolean)) as string[],
    });
    principals.set(rec, principal);
  }
  return principal;
}

type Headers = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export async function authenticate(headers: Headers, deps: { keys: KeyLookup; verifyToken: TokenVerifier }): Promise<Authenticated> {
  const apiKey = one(headers['x-api-key']);
  const authorization = one(headers.authorization);
  const purposeHeader = one(headers['x-purpose']);
  if (purposeHeader !== undefined && !(PURPOSES as readonly string[]).includes(purposeHeader)) {
    throw badUserInput('PURPOSE', `x-purpose must be one of ${PURPOSES.join(', ')}`);
  }
  const purpose = purposeHeader ?? null;
  if (apiKey !== undefined && authorization !== undefined) {
    throw unauthenticated('Present one credential: either x-api-key or Authorization, not both.');
  }
  if (apiKey !== undefined) {
    const parsed = parseApiKey(apiKey.trim());
    if (!parsed) throw unauthenticated('Malformed API key.');
    const rec = await deps.keys(parsed.prefix);
    // Same answer for unknown and wrong secret: nothing tells which part was wrong.
    if (!rec || !secretMatches(parsed.secret, rec.secretHash)) throw unauthenticated('Unknown API key.');
    if (rec.revoked) throw unauthenticated('This API key has been revoked.');
    if (rec.expiresAt && rec.expiresAt.getTime() <= Date.now()) throw unauthenticated('This API key has expired.');
    if (rec.institution.status !== 'ACTIVE') throw unauthenticated('This institution is suspended.');
    if (!(INSTITUTION_KINDS as readonly string[]).includes(rec.institution.kind)) throw unauthenticated('Unknown institution kind.');
    rec.used?.();
    return { principal: institutionPrincipal(rec), plan: rec.institution.plan, purpose };
  }
  if (authorization !== undefined) {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!m) throw unauthenticated('Authorization must be "Bearer <token>".');
    let verified;
    try {
      verified = await deps.verifyToken(m[1]!);
    } catch (err) {
      const code = (err as { code?: string }).code;
      throw unauthenticated(code === 'ERR_JWT_EXPIRED' ? 'The token has expired.' : 'The token is invalid.');
    }
    const principal: Principal = verified.kind === 'PERSON' ? { kind: 'PERSON', personId: verified.subject }
      : verified.kind === 'ENTERPRISE' ? { kind: 'ENTERPRISE', uscc: verified.subject }
      : { kind: 'OPERATOR', operatorId: verified.subject };
    return { principal, plan: null, purpose };
  }
  return { principal: ANONYMOUS, plan: null, purpose };
}
