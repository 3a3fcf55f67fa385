/**
 * The first steps of verifying a report a store keeps, the same in the enterprise subgraph (reports
 * of legal persons) and the person subgraph (personal reports): is the pair given one a report could
 * have, and does the stored report answer to it.
 */
import { timingSafeEqual } from 'node:crypto';
import type { JWK } from 'jose';
import { digestOf } from './canonical.ts';
import { REPORT_NUMBER } from './document.ts';
import { verifyReportSignature } from './signing.ts';

/**
 * The digest as stored (lower-case hex) when `number` is a report number starting with one of
 * `letters` and `digest` can be a SHA-256; null otherwise (answer "not valid" without a lookup).
 */
export function givenDigest(number: string, digest: string, letters: string): string | null {
  const given = digest.trim().toLowerCase();
  return REPORT_NUMBER.test(number) && letters.includes(number[0]!) && /^[0-9a-f]{64}$/.test(given) ? given : null;
}

export interface StoredReport { document: string; digest: string; signature: string }

/**
 * MATCH: the stored report has this digest (compared in constant time), and its stored copy still
 * hashes to it and carries a signature of ours. NONE: no such report, or another digest. TAMPERED:
 * the digest matches but the stored copy no longer does (someone wrote to the table).
 */
export function matchStored(row: StoredReport | null, given: string, jwks: { keys: JWK[] }): 'MATCH' | 'NONE' | 'TAMPERED' {
  if (!row || row.digest.length !== given.length || !timingSafeEqual(Buffer.from(row.digest), Buffer.from(given))) return 'NONE';
  return digestOf(row.document) === row.digest && verifyReportSignature(row.document, row.signature, jwks).ok ? 'MATCH' : 'TAMPERED';
}
