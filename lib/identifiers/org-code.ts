/**
 * The GB 11714 organisation code's check character: the code is embedded in a Unified Social
 * Credit Code (positions 9-17), whose validation checks it too (./uscc.ts).
 */

/** GB 11714 organisation-code weights over its first 8 characters. */
const ORG_CODE_WEIGHTS: readonly number[] = [3, 7, 9, 10, 5, 8, 4, 2];

/**
 * The GB 11714 organisation-code check character for its first 8 characters
 * (digits count 0-9, letters A-Z count 10-35): 11 - (Σ mod 11), where 10 -> 'X' and 11 -> '0'.
 * Input is upper-cased; throws RangeError unless it is 8 characters from 0-9 and A-Z.
 */
export function orgCodeCheckChar(first8: string): string {
  const s = String(first8).toUpperCase();
  if (!/^[0-9A-Z]{8}$/.test(s)) {
    throw new RangeError(`orgCodeCheckChar expects 8 characters from 0-9 and A-Z; got '${s}'`);
  }
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(s[i]!, 36) * ORG_CODE_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}
