/**
 * Corrections an upheld objection applies to a record: which fields of which record type the
 * source department may correct, and how each value is read from text. The subject, the source
 * department, the catalogue item and the disclosure status are not correctable here.
 */
import { isIsoDate } from '../../lib/time.ts';
import { badUserInput } from '../../lib/errors.ts';
import type { CommonRecordColumns, RecordType } from './db/records.ts';

type FieldKind =
  | { kind: 'text'; optional: boolean }
  | { kind: 'date'; optional: boolean }
  | { kind: 'number'; optional: boolean }
  | { kind: 'int' }
  | { kind: 'enum'; values: readonly string[] };

const text: FieldKind = { kind: 'text', optional: false };
const optionalText: FieldKind = { kind: 'text', optional: true };
const date: FieldKind = { kind: 'date', optional: false };
const optionalDate: FieldKind = { kind: 'date', optional: true };

const COMMON: Record<string, FieldKind> = {
  documentNumber: optionalText,
  decisionDate: optionalDate,
  validFrom: optionalDate,
  validTo: optionalDate,
  publicityEndDate: optionalDate,
};

export const CORRECTABLE: Record<RecordType, Record<string, FieldKind>> = {
  AdministrativeLicense: { ...COMMON, licenseType: text, licenseNumber: text, licenseName: text, scope: text },
  AdministrativePenalty: {
    ...COMMON, violation: text, legalBasis: text, penaltyType: text, amount: { kind: 'number', optional: true },
    publicityPeriodMonths: { kind: 'int' }, severity: { kind: 'enum', values: ['MINOR', 'GENERAL', 'SERIOUS'] },
    domain: { kind: 'enum', values: ['GENERAL', 'WORK_SAFETY', 'FIRE_SAFETY', 'SPECIAL_EQUIPMENT'] },
  },
  ListEntry: { ...COMMON, listName: text, reason: text, listingAuthority: text, listedOn: date, removedOn: optionalDate },
  Certificate: { ...COMMON, certificateType: text, certificateNumber: text, issuer: text },
  Inspection: { ...COMMON, inspectionItem: text, inspectedOn: date, result: text, inspectingAuthority: text },
  CreditCommitment: { ...COMMON, commitmentType: text, content: text, committedOn: date },
  IndustryEvaluation: { ...COMMON, industry: text, grade: text, evaluator: text, year: { kind: 'int' } },
  Honor: { ...COMMON, title: text, awardedBy: text, level: text },
  CreditRecord: { ...COMMON, category: text, title: text, content: text },
};

export interface CorrectionInput {
  field: string;
  value?: string | null;
}

/** One applied correction, as the objection's step keeps it. */
export interface AppliedCorrection {
  field: string;
  from: string | null;
  to: string | null;
}

const MAX_TEXT = 2000;

function parseValue(type: RecordType, field: string, kind: FieldKind, raw: string | null): string | number | null {
  const bad = (expected: string) =>
    badUserInput('CORRECTION_VALUE', `${type}.${field} expects ${expected}; got ${JSON.stringify(raw)}`);
  const value = raw === null ? null : raw.trim();
  if (value === null || value === '') {
    if ((kind.kind === 'text' || kind.kind === 'date' || kind.kind === 'number') && kind.optional) return null;
    throw bad('a value');
  }
  switch (kind.kind) {
    case 'text':
      if (value.length > MAX_TEXT) throw bad(`at most ${MAX_TEXT} characters`);
      return value;
    case 'date':
      if (!isIsoDate(value)) throw bad('a date YYYY-MM-DD');
      return value;
    case 'number': {
      const n = Number(value);
      if (!/^-?\d+(\.\d+)?$/.test(value) || !Number.isFinite(n) || n < 0) throw bad('a non-negative decimal number');
      return n;
    }
    case 'int': {
      const n = Number(value);
      if (!/^\d{1,6}$/.test(value)) throw bad('a non-negative integer');
      return n;
    }
    case 'enum':
      if (!kind.values.includes(value)) throw bad(`one of ${kind.values.join(', ')}`);
      return value;
  }
}

/**
 * Checks every correction before anything is written: the columns to update and what changed.
 * Unknown, unsettable or repeated fields are CORRECTION_FIELD; bad values CORRECTION_VALUE.
 */
export function parseCorrections(
  type: RecordType, row: CommonRecordColumns, inputs: readonly CorrectionInput[],
): { data: Record<string, string | number | null>; applied: AppliedCorrection[] } {
  const allowed = CORRECTABLE[type];
  const data: Record<string, string | number | null> = {};
  const applied: AppliedCorrection[] = [];
  for (const input of inputs) {
    const kind = Object.hasOwn(allowed, input.field) ? allowed[input.field] : undefined;
    if (!kind) {
      throw badUserInput('CORRECTION_FIELD', `${type} has no correctable field '${input.field}' (correctable: ${Object.keys(allowed).join(', ')})`);
    }
    if (Object.hasOwn(data, input.field)) throw badUserInput('CORRECTION_FIELD', `${type}.${input.field} is corrected twice`);
    const to = parseValue(type, input.field, kind, input.value ?? null);
    const before = (row as unknown as Record<string, unknown>)[input.field];
    data[input.field] = to;
    applied.push({ field: input.field, from: before == null ? null : String(before), to: to === null ? null : String(to) });
  }
  return { data, applied };
}
