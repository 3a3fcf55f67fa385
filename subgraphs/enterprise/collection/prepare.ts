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
import { recordColumns } from './archive.ts';

export interface Prepared extends Valid {
  hash: string;
  /** The values as the version keeps them (JSON). */
  data: string;
  /** Days from the record's decision to its arrival (null: no date to count from). */
  lag: number | null;
  /** The archive row's columns that the values decide (null for the overview: its row is the Enterprise's). */
  columns: Record<string, unknown> | null;
}

export interface PreparedRecord {
  /** Its index in the call, or its line in a file. */
  position: number;
  /** The record as it came, every resident ID number masked, as JSON: kept if it is rejected. */
  row: string;
  check: Rejected | Prepared;
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

/**
 * One record of `item` from the department named `departmentName`, as of the CST day `today`;
 * `malformed`: a file's row that is not a record (why).
 */
export function prepareRecord(
  item: CatalogueItem, departmentName: string, today: string, position: number, raw: unknown, malformed?: string,
): PreparedRecord {
  const row = maskedRow(raw);
  if (malformed !== undefined) return { position, row, check: { ok: false, recordId: null, reason: 'MALFORMED_ROW', field: null, message: malformed } };
  const check = checkRecord(item, raw, today);
  if (!check.ok) return { position, row, check };
  return {
    position, row,
    check: {
      ...check, hash: contentHash(check.values), data: JSON.stringify(check.values), lag: lagOf(item, check.values, today),
      columns: item.slot === 'OVERVIEW' ? null : recordColumns(item, check.subject, check.values, departmentName),
    },
  };
}
