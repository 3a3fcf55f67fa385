/**
 * Resident ID number (GB 11643-1999): check character, validation (birth date in China Standard
 * Time) and construction. Masking is in ./masking.ts, the keyed hash and encryption in
 * ./id-number-crypto.ts. See /work/shared/notes/domain.md, section "Identifiers".
 */
import { todayCST } from '../time.ts';

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
