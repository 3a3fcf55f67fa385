/**
 * One submitted record checked against its catalogue item, at the boundary: the department's
 * record id, unknown and missing fields, field types, value lists, lengths, patterns, dates (a
 * decision cannot lie in the future), and the subject: a USCC that fails its format is refused, one
 * that fails only its check digit is a legacy candidate (kept with a warning when the platform
 * holds that code), and a code of the wrong kind of subject is refused; a natural person's
 * resident ID number is checked as lib/identifiers does (GB 11643 check character), and no message
 * ever carries its digits (only masked). Pure: no database, no clock (today is given). The first
 * problem found is the record's reason. Shared by every subgraph that collects (lib/collection/).
 */
import { hash } from 'node:crypto';
import type { CatalogueField, CatalogueItem } from '../catalogue/index.ts';
import { isIsoDate } from '../time.ts';
import { validateIdNumber } from '../identifiers/id-number.ts';
import { maskIdNumber } from '../identifiers/masking.ts';
import { validateUscc } from '../identifiers/uscc.ts';

export const REJECTION_REASONS = {
  RECORD_ID: 'recordId is missing, not text, or longer than 100 characters.',
  NOT_AN_OBJECT: 'The record is not a JSON object.',
  MALFORMED_ROW: 'A line of a bulk file that is not a record: not JSON, or not as many CSV columns as the header.',
  UNKNOWN_FIELD: 'A field the catalogue item does not have (publicity and disclosure come from the catalogue).',
  MISSING_FIELD: 'A required field is missing or empty.',
  FIELD_TYPE: 'A value of the wrong type (e.g. text where a number is expected).',
  VALUE_NOT_ALLOWED: 'A value outside the field\'s value list.',
  VALUE_OUT_OF_RANGE: 'A number below the field\'s minimum or above its maximum.',
  TOO_LONG: 'Text longer than the field allows.',
  PATTERN: 'Text that does not match the field\'s pattern.',
  DATE_FORMAT: 'Not a calendar date YYYY-MM-DD (YYYY/MM/DD and YYYYMMDD are read too).',
  DATE_IN_FUTURE: 'A decision, listing, inspection or establishment date after today (CST).',
  DATE_ORDER: 'validTo is before validFrom.',
  USCC_FORMAT: 'Not an 18-character unified social credit code.',
  USCC_CHECK_DIGIT: 'A code failing its check digit that the platform does not hold (a held one is kept with a warning).',
  SUBJECT_KIND: 'The subject is not of the item\'s kind (e.g. a social organisation\'s or a person\'s number in a legal-person item).',
  SUBJECT_NOT_FOUND: 'No subject with this code on the platform (its overview must arrive first).',
  ID_NUMBER_FORMAT: 'Not a resident ID number (18 characters, a real birth date); never echoed in clear.',
  ID_NUMBER_CHECK_DIGIT: 'A resident ID number failing its GB 11643 check character; never echoed in clear.',
  RECORD_WITHDRAWN: 'The record was withdrawn; a new record needs a new recordId.',
  ITEM_NOT_SUPPORTED: 'This subgraph does not collect the item\'s kind of subject yet.',
} as const;
export type RejectionReason = keyof typeof REJECTION_REASONS;

export type Value = string | number | null;
export type Values = Record<string, Value>;

export interface Rejected {
  ok: false;
  recordId: string | null;
  reason: RejectionReason;
  /** The field, as named in the record (the caller adds the record's position). */
  field: string | null;
  message: string;
}

export interface Valid {
  ok: true;
  recordId: string;
  /** The subject's normalized USCC. */
  subject: string;
  /** Every field of the item, normalized (absent optional fields null). */
  values: Values;
  /** The code fails only its check digit: kept only if the platform holds it. */
  legacyCode: boolean;
}

export type Checked = Valid | Rejected;

const MAX_TEXT = 2000;
const MAX_RECORD_ID = 100;
/** Dates of something that has happened: never after today. */
const PAST_DATES = new Set(['decisionDate', 'establishedOn', 'inspectedOn', 'listedOn', 'committedOn']);

class Problem extends Error {
  constructor(readonly reason: RejectionReason, readonly field: string | null, message: string) { super(message); }
}

/** Text of a value (numbers as written); null for absent or blank. */
function text(raw: string | number | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const t = typeof raw === 'number' ? (Number.isFinite(raw) ? String(raw) : '') : raw.trim();
  return t === '' ? null : t;
}

/** YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD, as YYYY-MM-DD; null when not a calendar date. */
export function normalizeDate(s: string): string | null {
  const m = /^(\d{4})[-/]?(\d{1,2})[-/]?(\d{1,2})$/.exec(s);
  if (!m || (s.length === 8 && !/^\d{8}$/.test(s))) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** A value with every resident ID number in it masked: what is kept of a rejected row, and echoed. */
export function maskIfIdNumber(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return value.replace(/(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g, (id) => (validateIdNumber(id).ok ? maskIdNumber(id.toUpperCase()) : id));
}

function checkField(f: CatalogueField, raw: unknown, today: string): Value {
  if (raw !== null && raw !== undefined && typeof raw !== 'string' && typeof raw !== 'number') {
    throw new Problem('FIELD_TYPE', f.name, `${f.name} must be ${f.type === 'NUMBER' || f.type === 'INTEGER' ? 'a number' : 'text'}; got ${Array.isArray(raw) ? 'a list' : typeof raw}`);
  }
  const t = text(raw as string | number | null | undefined);
  if (t === null) {
    if (f.required) throw new Problem('MISSING_FIELD', f.name, `${f.name} is required`);
    return null;
  }
  switch (f.type) {
    case 'STRING': {
      const max = f.maxLength ?? MAX_TEXT;
      if ([...t].length > max) throw new Problem('TOO_LONG', f.name, `${f.name} has at most ${max} characters; got ${[...t].length}`);
      if (f.pattern && !new RegExp(f.pattern, 'u').test(t)) throw new Problem('PATTERN', f.name, `${f.name} must match ${f.pattern}`);
      return t;
    }
    case 'ENUM':
      if (!f.values!.includes(t)) throw new Problem('VALUE_NOT_ALLOWED', f.name, `${f.name} must be one of ${f.values!.join(', ')}; got ${JSON.stringify(t)}`);
      return t;
    case 'DATE': {
      const d = normalizeDate(t);
      if (d === null) throw new Problem('DATE_FORMAT', f.name, `${f.name} must be a date YYYY-MM-DD; got ${JSON.stringify(t)}`);
      if (PAST_DATES.has(f.name) && d > today) throw new Problem('DATE_IN_FUTURE', f.name, `${f.name} ${d} is after today (${today})`);
      return d;
    }
    case 'NUMBER':
    case 'INTEGER': {
      const pattern = f.type === 'INTEGER' ? /^-?\d{1,15}$/ : /^-?\d{1,15}(\.\d{1,6})?$/;
      if (!pattern.test(t)) throw new Problem('FIELD_TYPE', f.name, `${f.name} must be ${f.type === 'INTEGER' ? 'an integer' : 'a decimal number'}; got ${JSON.stringify(t)}`);
      const n = Number(t);
      const min = f.min ?? (f.type === 'NUMBER' ? 0 : undefined);
      if ((min !== undefined && n < min) || (f.max !== undefined && n > f.max)) {
        throw new Problem('VALUE_OUT_OF_RANGE', f.name, `${f.name} must be within ${min ?? '−∞'}…${f.max ?? '∞'}; got ${n}`);
      }
      return n;
    }
    case 'USCC':
    case 'ID_NUMBER':
      return t;
  }
}

/** The subject's code: normalized, and whether it is only a legacy candidate (a USCC failing only its check digit). */
function checkSubject(item: CatalogueItem, raw: string): { subject: string; legacyCode: boolean } {
  const field = item.subjectField;
  if (item.subjectKind === 'NATURAL_PERSON') {
    // validateIdNumber's messages never echo the digits; a person's record has no legacy numbers.
    const id = validateIdNumber(raw);
    if (!id.ok) throw new Problem(id.reason, field, `${field} ${maskIdNumber(raw)}: ${id.message}`);
    return { subject: id.idNumber, legacyCode: false };
  }
  if (/^\d{17}[\dXx]$/.test(raw) && validateIdNumber(raw).ok) {
    throw new Problem('SUBJECT_KIND', field, `${field} holds a resident ID number (${maskIdNumber(raw.toUpperCase())}), not a legal person's code`);
  }
  const check = validateUscc(raw);
  if (!check.ok && check.reason === 'USCC_FORMAT') throw new Problem('USCC_FORMAT', field, check.message);
  const code = check.ok ? check.uscc : check.uscc!;
  // Registering authority 5 is civil affairs: social organisations, whose records are not an enterprise's.
  if ((item.subjectKind === 'LEGAL_PERSON') === code.startsWith('5')) {
    throw new Problem('SUBJECT_KIND', field, `${code} is ${code.startsWith('5') ? 'a social organisation' : 'not a social organisation'}; item ${item.code} is for ${item.subjectKind}`);
  }
  return { subject: code, legacyCode: !check.ok };
}

export function checkRecord(item: CatalogueItem, record: unknown, today: string): Checked {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    return { ok: false, recordId: null, reason: 'NOT_AN_OBJECT', field: null, message: 'a record is a JSON object of its fields' };
  }
  const r = record as Record<string, unknown>;
  const rawId = r.recordId;
  const recordId = typeof rawId === 'number' && Number.isSafeInteger(rawId) ? String(rawId) : typeof rawId === 'string' ? rawId.trim() : '';
  try {
    if (recordId === '' || [...recordId].length > MAX_RECORD_ID || /\p{Cc}/u.test(recordId)) {
      throw new Problem('RECORD_ID', 'recordId', `recordId must be the department's own id, 1 to ${MAX_RECORD_ID} characters`);
    }
    for (const key of Object.keys(r)) {
      if (key !== 'recordId' && !item.fieldsByName.has(key)) {
        throw new Problem('UNKNOWN_FIELD', key, `item ${item.code} has no field ${JSON.stringify(key)}`);
      }
    }
    const values: Values = {};
    for (const f of item.fields) values[f.name] = checkField(f, r[f.name], today);
    if (typeof values.validFrom === 'string' && typeof values.validTo === 'string' && values.validTo < values.validFrom) {
      throw new Problem('DATE_ORDER', 'validTo', `validTo ${values.validTo} is before validFrom ${values.validFrom}`);
    }
    const { subject, legacyCode } = checkSubject(item, values[item.subjectField] as string);
    values[item.subjectField] = subject;
    return { ok: true, recordId, subject, values, legacyCode };
  } catch (err) {
    if (!(err instanceof Problem)) throw err;
    return { ok: false, recordId: recordId === '' ? null : recordId, reason: err.reason, field: err.field, message: err.message };
  }
}

/** sha256 of the values in field order: equal hashes mean the record was sent before as it is. */
export function contentHash(values: Values): string {
  const sorted = Object.keys(values).sort().map((k) => [k, values[k]]);
  // One-shot crypto.hash: the same digest as createHash().update().digest() without a Hash object per record.
  return hash('sha256', JSON.stringify(sorted), 'base64url');
}
