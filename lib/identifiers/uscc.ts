/**
 * Unified Social Credit Code (GB 32100-2015): its alphabet, check character, validation and
 * construction. See /work/shared/notes/domain.md, section "Identifiers".
 */
import { orgCodeCheckChar } from './org-code.ts';

/** The 31 USCC characters; a character's index is its value (0-30). */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_PATTERN = /^[0-9A-HJ-NP-RTUW-Y]{18}$/;
const USCC_CHARSET_TEXT = '0-9 and A-Y without I, O, S, V, Z';
/** Weights for positions 1-17: 3^(i-1) mod 31. */
const USCC_WEIGHTS: readonly number[] = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % 31;
  return w;
});

export type UsccCheck =
  | { ok: true; uscc: string }
  | { ok: false; reason: 'USCC_FORMAT' | 'USCC_CHECK_DIGIT'; message: string; uscc?: string };

function usccValue(ch: string): number {
  return USCC_ALPHABET.indexOf(ch);
}

/**
 * The position-18 check character for the first 17 characters of a USCC.
 * Input is upper-cased; throws RangeError unless it is 17 characters from the USCC alphabet.
 */
export function usccCheckChar(first17: string): string {
  const s = String(first17).toUpperCase();
  if (s.length !== 17) {
    throw new RangeError(`usccCheckChar expects 17 characters from ${USCC_CHARSET_TEXT}; got ${s.length}`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = usccValue(s[i]!);
    if (v < 0) {
      throw new RangeError(
        `usccCheckChar expects 17 characters from ${USCC_CHARSET_TEXT}; got '${s[i]}' at position ${i + 1}`,
      );
    }
    sum += v * USCC_WEIGHTS[i]!;
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/**
 * Validates a USCC. The input is trimmed and upper-cased.
 * - wrong length or a character outside the alphabet -> USCC_FORMAT
 * - wrong position-18 check character, or wrong check character of the embedded organisation
 *   code (positions 9-17) -> USCC_CHECK_DIGIT, with `uscc` set to the normalized code so that
 *   legacy codes which fail only the check can still be looked up (and warned about).
 */
export function validateUscc(input: string): UsccCheck {
  if (typeof input !== 'string') {
    return { ok: false, reason: 'USCC_FORMAT', message: `USCC must be a string; got ${typeof input}` };
  }
  const uscc = input.trim().toUpperCase();
  if (uscc.length !== 18) {
    return {
      ok: false,
      reason: 'USCC_FORMAT',
      message: `USCC must be 18 characters from ${USCC_CHARSET_TEXT}; got ${uscc.length}`,
    };
  }
  if (!USCC_PATTERN.test(uscc)) {
    const pos = [...uscc].findIndex((ch) => usccValue(ch) < 0);
    return {
      ok: false,
      reason: 'USCC_FORMAT',
      message: `USCC must be 18 characters from ${USCC_CHARSET_TEXT}; got '${uscc[pos]}' at position ${pos + 1}`,
    };
  }
  const problems: string[] = [];
  const expectedOrg = orgCodeCheckChar(uscc.slice(8, 16));
  if (uscc[16] !== expectedOrg) {
    problems.push(
      `embedded organisation code check character (position 17) should be '${expectedOrg}', got '${uscc[16]}'`,
    );
  }
  const expectedFinal = usccCheckChar(uscc.slice(0, 17));
  if (uscc[17] !== expectedFinal) {
    problems.push(`check character (position 18) should be '${expectedFinal}', got '${uscc[17]}'`);
  }
  if (problems.length > 0) {
    return { ok: false, reason: 'USCC_CHECK_DIGIT', message: `USCC ${uscc}: ${problems.join('; ')}`, uscc };
  }
  return { ok: true, uscc };
}

/**
 * Builds a check-digit-valid USCC from its parts (upper-cased):
 * authority (1 char), orgType (1 char), regionCode (6 digits), orgCodeBody (8 chars), all from
 * the USCC alphabet. Computes the organisation-code check character (position 17) and then the
 * final check character (position 18). Throws RangeError on malformed parts.
 */
export function makeUscc(parts: {
  authority: string;
  orgType: string;
  regionCode: string;
  orgCodeBody: string;
}): string {
  const authority = String(parts.authority).toUpperCase();
  const orgType = String(parts.orgType).toUpperCase();
  const regionCode = String(parts.regionCode);
  const orgCodeBody = String(parts.orgCodeBody).toUpperCase();
  const oneChar = /^[0-9A-HJ-NP-RTUW-Y]$/;
  if (!oneChar.test(authority)) {
    throw new RangeError(`makeUscc: authority must be 1 character from ${USCC_CHARSET_TEXT}; got '${authority}'`);
  }
  if (!oneChar.test(orgType)) {
    throw new RangeError(`makeUscc: orgType must be 1 character from ${USCC_CHARSET_TEXT}; got '${orgType}'`);
  }
  if (!/^\d{6}$/.test(regionCode)) {
    throw new RangeError(`makeUscc: regionCode must be 6 digits; got '${regionCode}'`);
  }
  if (!/^[0-9A-HJ-NP-RTUW-Y]{8}$/.test(orgCodeBody)) {
    throw new RangeError(
      `makeUscc: orgCodeBody must be 8 characters from ${USCC_CHARSET_TEXT}; got '${orgCodeBody}'`,
    );
  }
  const first17 = authority + orgType + regionCode + orgCodeBody + orgCodeCheckChar(orgCodeBody);
  return first17 + usccCheckChar(first17);
}
