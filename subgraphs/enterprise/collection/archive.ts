/**
 * Where a legal-person catalogue item's records land in the enterprise archive: the table of its
 * slot, and the row a checked record becomes. The platform sets what the sender may not: the
 * subject's key, the item code, the sending department, the publicity end (from the catalogue),
 * and, on a new record, its status (PUBLISHED) and objection flag.
 */
import { publicityOf, type CatalogueItem, type Slot } from '../../../lib/catalogue/index.ts';
import type { Prisma } from '../../../prisma/generated/enterprise/sqlite/client.ts';
import type { Tx } from '../db/client.ts';
import type { RecordType } from '../db/records.ts';
import type { Values } from '../../../lib/collection/validate.ts';

type Client = Prisma.TransactionClient;
type Row = Record<string, unknown>;

/** The minimal delegate of an archive table that collection writes through. */
interface TableDelegate {
  createMany(args: { data: Row[] }): Promise<unknown>;
  update(args: { where: { id: string }; data: Row }): Promise<unknown>;
  updateMany(args: { where: { id: string; status?: string }; data: Row }): Promise<{ count: number }>;
}

export interface SlotTable {
  recordType: RecordType;
  delegate(tx: Tx): TableDelegate;
}

const table = (recordType: RecordType, pick: (client: Client) => unknown): SlotTable => ({
  recordType, delegate: (tx) => pick(tx.prisma) as TableDelegate,
});

/** The archive table of each slot of the "9" and the "X" (the overview is the Enterprise row). */
export const SLOT_TABLES: Record<Exclude<Slot, 'OVERVIEW'>, SlotTable> = {
  LICENSES: table('AdministrativeLicense', (tx) => tx.administrativeLicense),
  PENALTIES: table('AdministrativePenalty', (tx) => tx.administrativePenalty),
  RED_LIST: table('ListEntry', (tx) => tx.listEntry),
  BLACK_LIST: table('ListEntry', (tx) => tx.listEntry),
  CERTIFICATES: table('Certificate', (tx) => tx.certificate),
  INSPECTIONS: table('Inspection', (tx) => tx.inspection),
  COMMITMENTS: table('CreditCommitment', (tx) => tx.creditCommitment),
  EVALUATIONS: table('IndustryEvaluation', (tx) => tx.industryEvaluation),
  HONORS: table('Honor', (tx) => tx.honor),
  OTHER: table('CreditRecord', (tx) => tx.creditRecord),
};

export const recordTypeOf = (slot: Slot): string => (slot === 'OVERVIEW' ? 'Enterprise' : SLOT_TABLES[slot].recordType);

/** The item's values other than the subject: the slot's columns by name (the catalogue checked them at start). */
function columns(item: CatalogueItem, values: Values): Row {
  const out: Row = {};
  for (const f of item.fields) if (f.name !== item.subjectField) out[f.name] = values[f.name] ?? null;
  return out;
}

/** The Enterprise row of an overview record (the legacy flag kept as the code arrived). */
export function overviewRow(item: CatalogueItem, subject: string, values: Values, legacyCode: boolean): Row {
  const row = columns(item, values);
  return { ...row, uscc: subject, capitalCurrency: row.capitalCurrency ?? 'CNY', usccCheckDigitValid: !legacyCode };
}

/**
 * The columns of a record's row that its values decide (an update writes these; a new row adds
 * its id, status and objection flag).
 */
export function recordColumns(item: CatalogueItem, subject: string, values: Values, sourceDepartment: string): Row {
  const publicity = publicityOf(item, values);
  const row: Row = {
    // Common columns the item does not declare stay empty rather than keep a stale value.
    documentNumber: null, decisionDate: null, validFrom: null, validTo: null,
    ...columns(item, values),
    uscc: subject,
    catalogItemCode: item.code,
    sourceDepartment,
    publicityEndDate: publicity.endDate,
  };
  if (item.slot === 'PENALTIES') row.publicityPeriodMonths = publicity.maxMonths ?? 0;
  if (item.slot === 'COMMITMENTS') row.commitmentStatus = row.commitmentStatus ?? 'IN_FORCE';
  if (item.slot === 'RED_LIST' || item.slot === 'BLACK_LIST') row.listType = item.slot === 'RED_LIST' ? 'RED' : 'BLACK';
  return row;
}

const columnNames = new WeakMap<CatalogueItem, readonly string[]>();

/**
 * The names of recordColumns' columns for `item`, in its order: the same whatever the values (its
 * keys depend on the item and its slot only), so a record's columns can travel as an array.
 */
export function recordColumnNames(item: CatalogueItem): readonly string[] {
  let names = columnNames.get(item);
  if (!names) columnNames.set(item, (names = Object.keys(recordColumns(item, '', {}, ''))));
  return names;
}
