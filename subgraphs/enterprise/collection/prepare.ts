/**
 * Everything about a submitted record that needs no database: the checks (lib/collection/validate.ts),
 * the content hash, the version's data, the days it took to arrive, the archive row's columns
 * (./archive.ts) and the masked text a rejection keeps. Pure and without Prisma, so that a bulk job
 * runs it in a worker thread (./ingest/pipeline.ts) while the main thread plans and writes the
 * previous chunk; submitRecords runs it inline (./submit.ts). What is left for the writer is what
 * the stored rows decide: new, next version, unchanged, withdrawn, subject held.
 */
import type { CatalogueItem } from '../../../lib/catalogue/index.ts';
import { checkRecord, contentHash, maskIfIdNumber, type Rejected, type Valid, type Values } from '../../../lib/collection/validate.ts';
import { daysBetween } from '../../../lib/time.ts';
import { recordColumnNames, recordColumns } from './archive.ts';

/**
 * A record that passed the checks, in the form that costs least to post between threads: strings,
 * numbers and one array, no nested objects (the values travel as `data`, the archive row as `columns`).
 */
export interface Prepared extends Omit<Valid, 'values'> {
  hash: string;
  /** The values as the version keeps them (JSON; an overview record's values are read back from it). */
  data: string;
  /** Days from the record's decision to its arrival (null: no date to count from). */
  lag: number | null;
  /** The archive row's columns that the values decide, in recordColumnNames order (null for the overview: its row is the Enterprise's). */
  columns: unknown[] | null;
  /** The record as it came (JSON, ID numbers NOT masked): masked by rowOf only if the writer rejects it after all. */
  raw: string;
}

export interface Refused extends Rejected {
  /** The record as it came, every resident ID number masked, as JSON: what the rejection keeps. */
  row: string;
}

export interface PreparedRecord {
  /** Its index in the call, or its line in a file. */
  position: number;
  check: Refused | Prepared;
}

/** Days from a record's decision to its arrival, or null without a date to count from. */
export function lagOf(item: CatalogueItem, values: Values, today: string): number | null {
  const from = values.decisionDate ?? values[item.publicity?.from ?? ''] ?? null;
  return typeof from === 'string' ? Math.max(0, daysBetween(from, today)) : null;
}

/** The masked JSON of a raw record (an object, the cells of a malformed row, or a line). */
function maskedRow(raw: unknown): string {
  const masked = Array.isArray(raw) ? raw.map(maskIfIdNumber)
    : raw !== null && typeof raw === 'object' ? Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, maskIfIdNumber(v)]))
    : maskIfIdNumber(raw);
  return JSON.stringify(masked) ?? 'null';
}

/** What a rejection keeps of a record, whenever it is rejected: masked. */
export const rowOf = (check: Refused | Prepared): string => (check.ok ? maskedRow(JSON.parse(check.raw)) : check.row);

/**
 * One record of `item` from the department named `departmentName`, as of the CST day `today`;
 * `malformed`: a file's row that is not a record (why).
 */
export function prepareRecord(
  item: CatalogueItem, departmentName: string, today: string, position: number, raw: unknown, malformed?: string,
): PreparedRecord {
  const check = malformed === undefined ? checkRecord(item, raw, today)
    : { ok: false as const, recordId: null, reason: 'MALFORMED_ROW' as const, field: null, message: malformed };
  if (!check.ok) return { position, check: { ...check, row: maskedRow(raw) } };
  // Built field by field (no rest or spread): this runs once per row of a monthly load.
  const values = check.values;
  let columns: unknown[] | null = null;
  if (item.slot !== 'OVERVIEW') {
    const row = recordColumns(item, check.subject, values, departmentName);
    const names = recordColumnNames(item);
    columns = new Array<unknown>(names.length);
    for (let i = 0; i < names.length; i++) columns[i] = row[names[i]!];
  }
  return {
    position,
    check: {
      ok: true, recordId: check.recordId, subject: check.subject, legacyCode: check.legacyCode, hash: contentHash(values),
      data: JSON.stringify(values), lag: lagOf(item, values, today), columns, raw: JSON.stringify(raw) ?? 'null',
    },
  };
}
