/**
 * The canonical form of a credit report: RFC 8785 (JSON Canonicalization Scheme). What is signed
 * and digested is exactly these UTF-8 bytes, so any verifier with a JCS implementation (there is
 * one for most languages) recomputes them from the JSON it received, whatever its whitespace or
 * key order.
 *
 * JCS in short: no whitespace; object members sorted by their names as UTF-16 code units;
 * strings escaped as ECMAScript's JSON.stringify escapes them; numbers as ECMAScript's
 * Number.prototype.toString (shortest round-trip form). A report holds only strings, finite
 * numbers, booleans, null, arrays and plain objects; anything else is refused rather than guessed.
 */
import { createHash } from 'node:crypto';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function canonicalize(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`JCS: a report cannot hold the number ${value}`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalize).join(',')}]`;
      // A plain object of any realm (parsed JSON may come from another one): its prototype is the
      // end of the chain. A Date, Map or class instance is refused rather than guessed at.
      const proto = Object.getPrototypeOf(value);
      if (proto !== null && Object.getPrototypeOf(proto) !== null) {
        throw new TypeError(`JCS: a report holds plain objects only, got ${proto?.constructor?.name ?? 'an object'}`);
      }
      // Default sort compares UTF-16 code units, which is what RFC 8785 §3.2.3 asks for. Members
      // whose value is undefined do not exist in JSON: they are left out, as JSON.stringify does.
      const members = Object.keys(value).sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => `${JSON.stringify(k)}:${canonicalize((value as Record<string, unknown>)[k])}`);
      return `{${members.join(',')}}`;
    }
    default:
      throw new TypeError(`JCS: a report cannot hold a ${typeof value}`);
  }
}

/** SHA-256 of the canonical bytes, lower-case hex: the report's digest, printed on the PDF. */
export function digestOf(canonical: string): string {
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
