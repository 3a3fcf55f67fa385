/**
 * Who is calling, as the gateway established it, carried to every subgraph in one signed header.
 *
 * Header `x-creditgraph-caller: <payload b64url>.<nonce b64url>.<signature b64url>` where the
 * signature is HMAC-SHA256 over `<payload b64url>.<nonce>.<sha256 of the exact request body>`: it
 * is short-lived and bound to the one subgraph request it came with, so it cannot be lifted onto
 * another query. The nonce (128 random bits, fresh for every subgraph request) makes each header
 * unique, so a subgraph can refuse a captured mutation sent a second time (`lib/replay-guard.ts`).
 * A subgraph refuses any request without a valid one: a subgraph port reached directly discloses
 * nothing.
 */
import { createHmac, hash, randomFillSync, timingSafeEqual } from 'node:crypto';

export const CALLER_HEADER = 'x-creditgraph-caller';
/** How long a signed caller stays valid (ms): one gateway request's worth of subgraph calls. */
export const CALLER_TTL_MS = 30_000;

// The schema's list (schema/platform.graphql `InstitutionKind`), generated: one source.
export { InstitutionKindValues as INSTITUTION_KINDS, type InstitutionKind } from '../codegen/enums.ts';
import type { InstitutionKind } from '../codegen/enums.ts';

export type Principal =
  | { kind: 'ANONYMOUS' }
  | { kind: 'INSTITUTION'; institutionId: string; institutionKind: InstitutionKind; institutionName: string; scopes: string[] }
  | { kind: 'PERSON'; personId: string }
  | { kind: 'ENTERPRISE'; uscc: string }
  | { kind: 'OPERATOR'; operatorId: string };

export interface Caller {
  principal: Principal;
  /** The purpose an institution states (`x-purpose`), which a consent must match. */
  purpose: string | null;
  /** The gateway's request id: the access log records it. */
  requestId: string;
}

export const ANONYMOUS: Principal = Object.freeze({ kind: 'ANONYMOUS' });

const b64url = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');
const sha256 = (body: string | Buffer) => hash('sha256', body, 'base64url');

/**
 * The signed part of the header: the caller and its expiry. The gateway makes it once per request
 * and signs it with each subgraph request's body (`signPayload`).
 */
export function callerPayload(caller: Caller, now = Date.now()): string {
  return b64url(JSON.stringify({ ...caller, exp: now + CALLER_TTL_MS }));
}

/** Bytes of randomness in each header's nonce (128 bits: never repeats by chance). */
const NONCE_BYTES = 16;

// A synchronous randomBytes(16) per subgraph call measured 7-12 µs here (one trip to the kernel
// each); drawing from a pool refilled 256 nonces at a time costs 0.2 µs (node's randomUUID does
// the same).
const noncePool = Buffer.alloc(NONCE_BYTES * 256);
let noncePoolAt = noncePool.length;

function freshNonce(): string {
  if (noncePoolAt === noncePool.length) {
    randomFillSync(noncePool);
    noncePoolAt = 0;
  }
  const nonce = noncePool.toString('base64url', noncePoolAt, noncePoolAt + NONCE_BYTES);
  noncePoolAt += NONCE_BYTES;
  return nonce;
}

const mac = (secret: string, payload: string, nonce: string, body: string | Buffer) =>
  createHmac('sha256', secret).update(`${payload}.${nonce}.${sha256(body)}`).digest();

/**
 * The header for one subgraph request: `payload` bound to this exact body under a fresh nonce, so
 * two calls of one gateway request (same payload) never carry the same header.
 */
export function signPayload(payload: string, body: string | Buffer, secret: string): string {
  const nonce = freshNonce();
  return `${payload}.${nonce}.${b64url(mac(secret, payload, nonce, body))}`;
}

export function signCaller(caller: Caller, body: string | Buffer, secret: string, now = Date.now()): string {
  return signPayload(callerPayload(caller, now), body, secret);
}

/**
 * A valid header's caller, and what a subgraph needs to refuse its reuse: the nonce and the
 * instant (ms) until which the header is valid and so must be remembered.
 */
export type VerifyResult =
  | { ok: true; caller: Caller; nonce: string; exp: number }
  | { ok: false; reason: string };

export function verifyCaller(header: string | undefined, body: string | Buffer, secret: string, now = Date.now()): VerifyResult {
  if (!header) return { ok: false, reason: `missing ${CALLER_HEADER} header` };
  const parts = header.split('.');
  if (parts.length !== 3 || parts.some((p) => p.length === 0)) return { ok: false, reason: 'malformed caller header' };
  const [payload, nonce, signature] = parts as [string, string, string];
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(secret, payload, nonce, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'caller signature does not match this request' };
  }
  let parsed: Caller & { exp?: number };
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed caller payload' };
  }
  if (typeof parsed.exp !== 'number' || parsed.exp < now) return { ok: false, reason: 'caller header expired' };
  const { exp, ...caller } = parsed;
  return { ok: true, caller, nonce, exp };
}

/** Scope prefix naming a SOURCE_DEPARTMENT institution's department in the catalogue (`department:eco`). */
export const DEPARTMENT_SCOPE_PREFIX = 'department:';

/** The department code in `scopes` (`department:<code>`), or null. */
export function departmentScope(scopes: readonly string[]): string | null {
  const scope = scopes.find((s) => s.startsWith(DEPARTMENT_SCOPE_PREFIX));
  return scope === undefined ? null : scope.slice(DEPARTMENT_SCOPE_PREFIX.length);
}

/** The scopes a principal carries into `@requiresScopes` checks. */
export function principalScopes(p: Principal): string[] {
  switch (p.kind) {
    case 'INSTITUTION': return [...p.scopes, `institution:${p.institutionKind.toLowerCase()}`];
    case 'PERSON': return ['person:self'];
    case 'ENTERPRISE': return ['enterprise:self'];
    case 'OPERATOR': return ['operator'];
    default: return [];
  }
}
