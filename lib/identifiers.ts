/**
 * Chinese identifiers: Unified Social Credit Code (GB 32100-2015) and resident ID number
 * (GB 11643-1999), plus masking, keyed lookup (HMAC) and encryption of ID numbers.
 *
 * See /work/shared/notes/domain.md, section "Identifiers".
 * No dependencies beyond node:crypto (and lib/time.ts for "today" in China Standard Time).
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { todayCST } from './time.ts';

// ---------------------------------------------------------------------------------------------
// Unified Social Credit Code (GB 32100-2015)
// ---------------------------------------------------------------------------------------------

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
/** GB 11714 organisation-code weights over its first 8 characters. */
const ORG_CODE_WEIGHTS: readonly number[] = [3, 7, 9, 10, 5, 8, 4, 2];

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

// ---------------------------------------------------------------------------------------------
// Resident ID number (GB 11643-1999)
// ---------------------------------------------------------------------------------------------

const ID_WEIGHTS: readonly number[] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

export type IdNumberCheck =
  | { ok: true; idNumber: string; birthDate: string /* YYYY-MM-DD */; male: boolean; regionCode: string }
  | { ok: false; reason: 'ID_NUMBER_FORMAT' | 'ID_NUMBER_CHECK_DIGIT'; message: string };

/** The ISO 7064 MOD 11-2 check character for the first 17 digits. Throws RangeError otherwise. */
export function idNumberCheckChar(first17: string): string {
  const s = String(first17);
  if (!/^\d{17}$/.test(s)) {
    throw new RangeError(`idNumberCheckChar expects 17 digits; got ${s.length} characters`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (s.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
  return ID_CHECK_CHARS[sum % 11]!;
}

/** null if `yyyymmdd` (8 digits) is a real calendar date with year >= 1900, else the problem. */
function birthDateProblem(yyyymmdd: string): string | null {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1900) return 'is before 1900';
  const date = new Date(Date.UTC(y, m - 1, d));
  if (m < 1 || m > 12 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return 'is not a real calendar date';
  }
  return null;
}

/** Today's date as YYYYMMDD in China Standard Time. */
function chinaDateString(today: Date): string {
  return todayCST(today).replaceAll('-', '');
}

/**
 * Validates an 18-character resident ID number. Trims and upper-cases (a lowercase 'x' check
 * character is accepted and returned as 'X'). The birth date must be a real calendar date, in or
 * after 1900 and not after `today` (compared as a calendar date in China Standard Time, UTC+8).
 * Messages never echo the digits of the number (it is personal data and messages get logged).
 */
export function validateIdNumber(input: string, today: Date = new Date()): IdNumberCheck {
  if (typeof input !== 'string') {
    return { ok: false, reason: 'ID_NUMBER_FORMAT', message: `ID number must be a string; got ${typeof input}` };
  }
  if (!(today instanceof Date) && Object.prototype.toString.call(today) !== '[object Date]') {
    throw new TypeError('validateIdNumber: today must be a Date');
  }
  if (Number.isNaN(today.getTime())) throw new RangeError('validateIdNumber: today is an invalid Date');

  const idNumber = input.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(idNumber)) {
    return {
      ok: false,
      reason: 'ID_NUMBER_FORMAT',
      message:
        idNumber.length !== 18
          ? `ID number must be 18 characters (17 digits then a digit or X); got ${idNumber.length}`
          : 'ID number must be 17 digits followed by a digit or X',
    };
  }
  const birth = idNumber.slice(6, 14);
  const problem = birthDateProblem(birth);
  if (problem) {
    return { ok: false, reason: 'ID_NUMBER_FORMAT', message: `ID number birth date (positions 7-14) ${problem}` };
  }
  if (birth > chinaDateString(today)) {
    return { ok: false, reason: 'ID_NUMBER_FORMAT', message: 'ID number birth date (positions 7-14) is in the future' };
  }
  if (idNumberCheckChar(idNumber.slice(0, 17)) !== idNumber[17]) {
    return {
      ok: false,
      reason: 'ID_NUMBER_CHECK_DIGIT',
      message: 'ID number check character (position 18) does not match the first 17 digits',
    };
  }
  return {
    ok: true,
    idNumber,
    birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
    male: Number(idNumber.slice(14, 17)) % 2 === 1,
    regionCode: idNumber.slice(0, 6),
  };
}

/**
 * Builds a check-digit-valid ID number. regionCode: 6 digits; birthDate: YYYYMMDD, a real
 * calendar date with year >= 1900 (not checked against today); sequence: integer 0-999
 * (odd = male). Throws RangeError on malformed input.
 */
export function makeIdNumber(regionCode: string, birthDate: string, sequence: number): string {
  if (!/^\d{6}$/.test(regionCode)) throw new RangeError(`makeIdNumber: regionCode must be 6 digits; got '${regionCode}'`);
  if (!/^\d{8}$/.test(birthDate)) throw new RangeError(`makeIdNumber: birthDate must be YYYYMMDD; got '${birthDate}'`);
  const problem = birthDateProblem(birthDate);
  if (problem) throw new RangeError(`makeIdNumber: birthDate ${birthDate} ${problem}`);
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) {
    throw new RangeError(`makeIdNumber: sequence must be an integer 0-999; got ${sequence}`);
  }
  const first17 = regionCode + birthDate + String(sequence).padStart(3, '0');
  return first17 + idNumberCheckChar(first17);
}

/**
 * Masks an ID number for display: first 6 + 8 '*' + last 4, e.g. 110105********002X.
 * Trims and upper-cases. Anything that is not 18 characters is masked entirely (same length),
 * so a malformed value is never shown in the clear.
 */
export function maskIdNumber(id: string): string {
  const s = String(id ?? '').trim().toUpperCase();
  if (s.length !== 18) return '*'.repeat(s.length);
  return s.slice(0, 6) + '********' + s.slice(14);
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

const graphemes = new Intl.Segmenter('zh', { granularity: 'grapheme' });

/**
 * Masks a Chinese name: keeps the first character and, for names of 3+ characters, the last;
 * the characters in between become '*'. 张三 -> 张*, 张三丰 -> 张*丰, 欧阳娜娜 -> 欧**娜.
 * Counts user-perceived characters (so CJK Extension B characters and variation sequences count
 * as one). Trims; empty stays empty; a single character is returned as is.
 */
export function maskName(name: string): string {
  const chars = Array.from(graphemes.segment(String(name ?? '').trim()), (s) => s.segment);
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return chars[0] + '*';
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}

// ---------------------------------------------------------------------------------------------
// Keyed lookup and encryption of ID numbers
// ---------------------------------------------------------------------------------------------

function isUint8Array(x: unknown): x is Uint8Array {
  // Not `instanceof`: a Buffer from another realm (e.g. under Jest's VM) is not an instance of
  // this realm's Uint8Array.
  return Object.prototype.toString.call(x) === '[object Uint8Array]';
}

function normalizeIdNumber(idNumber: string): string {
  if (typeof idNumber !== 'string') throw new TypeError(`ID number must be a string; got ${typeof idNumber}`);
  const s = idNumber.trim().toUpperCase();
  if (s.length === 0) throw new RangeError('ID number must not be empty');
  return s;
}

/** Minimum HMAC secret length: the ID number space is small, so the key is the only protection. */
const MIN_HMAC_SECRET_BYTES = 16;

/**
 * HMAC-SHA256 (lower-case hex) of the normalized (trimmed, upper-cased) ID number, for equality
 * lookups without storing the raw number. The number is not validated, so legacy values hash too.
 * The secret must be at least 16 bytes (a string is taken as UTF-8).
 */
export function idNumberHmac(idNumber: string, secret: Uint8Array | string): string {
  const key = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : isUint8Array(secret) ? secret : null;
  if (key === null) throw new TypeError('idNumberHmac: secret must be a Uint8Array or a string');
  if (key.length < MIN_HMAC_SECRET_BYTES) {
    throw new RangeError(
      `idNumberHmac: secret must be at least ${MIN_HMAC_SECRET_BYTES} bytes; got ${key.length}`,
    );
  }
  return createHmac('sha256', key).update(normalizeIdNumber(idNumber), 'utf8').digest('hex');
}

const AES_KEY_BYTES = 32;
const GCM_IV_BYTES = 12;
const GCM_TAG_BYTES = 16;
const CIPHER_VERSION = 'v1';

function checkAesKey(key: Uint8Array, fn: string): void {
  if (!isUint8Array(key)) {
    throw new TypeError(`${fn}: key must be a Uint8Array of ${AES_KEY_BYTES} bytes (AES-256-GCM)`);
  }
  if (key.length !== AES_KEY_BYTES) {
    throw new RangeError(`${fn}: key must be ${AES_KEY_BYTES} bytes (AES-256-GCM); got ${key.length}`);
  }
}

/**
 * Encrypts the normalized ID number with AES-256-GCM and a random 12-byte IV.
 * Output: `v1.<iv b64url>.<tag b64url>.<ciphertext b64url>`.
 */
export function encryptIdNumber(idNumber: string, key: Uint8Array): string {
  checkAesKey(key, 'encryptIdNumber');
  const plain = normalizeIdNumber(idNumber);
  const iv = randomBytes(GCM_IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [CIPHER_VERSION, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join('.');
}

const B64URL = /^[A-Za-z0-9_-]+$/;

/** Decrypts the output of encryptIdNumber. Throws on a malformed value, tampering or a wrong key. */
export function decryptIdNumber(cipherText: string, key: Uint8Array): string {
  checkAesKey(key, 'decryptIdNumber');
  if (typeof cipherText !== 'string') throw new TypeError('decryptIdNumber: ciphertext must be a string');
  const parts = cipherText.split('.');
  if (parts.length !== 4 || parts[0] !== CIPHER_VERSION) {
    throw new Error(`decryptIdNumber: expected '${CIPHER_VERSION}.<iv>.<tag>.<ciphertext>'`);
  }
  const [, ivText, tagText, ctText] = parts as [string, string, string, string];
  if (!B64URL.test(ivText) || !B64URL.test(tagText) || !B64URL.test(ctText)) {
    throw new Error('decryptIdNumber: iv, tag and ciphertext must be non-empty base64url');
  }
  const iv = Buffer.from(ivText, 'base64url');
  const tag = Buffer.from(tagText, 'base64url');
  const ct = Buffer.from(ctText, 'base64url');
  // Only the canonical encoding is accepted, so one ciphertext has exactly one text form.
  if (iv.toString('base64url') !== ivText || tag.toString('base64url') !== tagText || ct.toString('base64url') !== ctText) {
    throw new Error('decryptIdNumber: iv, tag and ciphertext must be canonical unpadded base64url');
  }
  if (iv.length !== GCM_IV_BYTES) {
    throw new Error(`decryptIdNumber: iv must be ${GCM_IV_BYTES} bytes; got ${iv.length}`);
  }
  if (tag.length !== GCM_TAG_BYTES) {
    throw new Error(`decryptIdNumber: tag must be ${GCM_TAG_BYTES} bytes; got ${tag.length}`);
  }
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('decryptIdNumber: authentication failed (ciphertext tampered with, or wrong key)');
  }
}
