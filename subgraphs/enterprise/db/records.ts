/**
 * Archive records (the "9" and the "X"): one `uscc IN (…)` statement per category (lib/db/reader.ts), with the
 * disclosure rule in the WHERE clause for callers who see public records only, so the `uscc`
 * index does the work and withheld rows never leave the database.
 */
import type {
  AdministrativeLicense, AdministrativePenalty, Certificate, CreditCommitment, CreditRecord, Honor,
  IndustryEvaluation, Inspection, ListEntry, Prisma,
} from '../../../prisma/generated/enterprise/sqlite/client.ts';
import type { Visibility } from '../rules.ts';
import { select, type Query } from '../../../lib/db/reader.ts';
import { transaction } from '../../../lib/db/client.ts';
import type { Db, Tx } from './client.ts';
import { appendChangeEvents } from './change-log.ts';
import { listEntryEvent } from './list-changes.ts';

/**
 * The disclosure rule as SQL (rules.ts `isDisclosed`), one prepared statement per table and kind of
 * caller. Public: PUBLISHED and not past its publicity end (an end date of today is still public);
 * `own`: everything of the caller's enterprise, public records of the others; every kind: no record
 * of an item withheld from the caller (the catalogue's CONDITIONAL / SELF_ONLY items, a list
 * parameter that is empty for the default catalogue), except the enterprise's own.
 */
type Slot = 'keys' | 'today' | 'own' | 'listType' | 'withheld';
interface RecordQuery { query: Query; slots: Slot[] }
type Queries = Record<Visibility['kind'], RecordQuery>;

function recordQueries(table: string, byListType = false): Queries {
  const build = (kind: Visibility['kind']): RecordQuery => {
    const slots: Slot[] = ['keys'];
    const $ = (slot: Slot) => { slots.push(slot); return `$${slots.length}`; };
    const publicRule = () => `"status" = 'PUBLISHED' AND ("publicityEndDate" IS NULL OR "publicityEndDate" >= ${$('today')})`;
    const itemRule = () => `NOT ("catalogItemCode" = ANY(${$('withheld')}))`;
    const where = ['"uscc" = ANY($1)'];
    if (byListType) where.push(`"listType" = ${$('listType')}`);
    if (kind === 'all') where.push(itemRule());
    if (kind === 'public') where.push(publicRule(), itemRule());
    if (kind === 'own') where.push(`("uscc" = ${$('own')} OR (${publicRule()} AND ${itemRule()}))`);
    // Newest decision first (undated last), then id: a stable order for `first`.
    const text = `SELECT * FROM "${table}" WHERE ${where.join(' AND ')} ORDER BY "decisionDate" DESC NULLS LAST, "id" ASC`;
    return { query: select(`enterprise.${table}.${kind}`, text, ['underObjection']), slots };
  };
  return { all: build('all'), public: build('public'), own: build('own') };
}

function finder<R>(queries: Queries, listType?: ListType): RecordFinder<R> {
  return (db, usccs, v, today) => {
    const { query, slots } = queries[v.kind];
    const values: Record<Slot, unknown> = { keys: usccs, today, listType, own: v.kind === 'own' ? v.uscc : null, withheld: v.withheldItems };
    return db.reader.all<R>(query, slots.map((slot) => values[slot]));
  };
}

export type RecordFinder<R> = (db: Db, usccs: readonly string[], v: Visibility, today: string) => Promise<R[]>;

export const findLicensesByUscc: RecordFinder<AdministrativeLicense> = finder(recordQueries('AdministrativeLicense'));
export const findPenaltiesByUscc: RecordFinder<AdministrativePenalty> = finder(recordQueries('AdministrativePenalty'));

export type ListType = 'RED' | 'BLACK';

/** Red or black list entries: the (uscc, listType) index. */
const listQueries = recordQueries('ListEntry', true);
export const findListEntriesByUscc = (listType: ListType): RecordFinder<ListEntry> => finder(listQueries, listType);

export const findCertificatesByUscc: RecordFinder<Certificate> = finder(recordQueries('Certificate'));
export const findInspectionsByUscc: RecordFinder<Inspection> = finder(recordQueries('Inspection'));
export const findCommitmentsByUscc: RecordFinder<CreditCommitment> = finder(recordQueries('CreditCommitment'));
export const findEvaluationsByUscc: RecordFinder<IndustryEvaluation> = finder(recordQueries('IndustryEvaluation'));
export const findHonorsByUscc: RecordFinder<Honor> = finder(recordQueries('Honor'));
export const findOtherRecordsByUscc: RecordFinder<CreditRecord> = finder(recordQueries('CreditRecord'));

/** Rows for any of the archive tables, as the seed or an import writes them. */
export interface ArchiveInput {
  enterprises?: Prisma.EnterpriseCreateManyInput[];
  licenses?: Prisma.AdministrativeLicenseCreateManyInput[];
  penalties?: Prisma.AdministrativePenaltyCreateManyInput[];
  listEntries?: Prisma.ListEntryCreateManyInput[];
  certificates?: Prisma.CertificateCreateManyInput[];
  inspections?: Prisma.InspectionCreateManyInput[];
  commitments?: Prisma.CreditCommitmentCreateManyInput[];
  evaluations?: Prisma.IndustryEvaluationCreateManyInput[];
  honors?: Prisma.HonorCreateManyInput[];
  otherRecords?: Prisma.CreditRecordCreateManyInput[];
}

/**
 * Inserts enterprises and their records in one transaction (one INSERT per non-empty table); the
 * new list entries are appended to the change log (LIST_ENTRY_ADDED, the list feed's LISTED) in the
 * same transaction.
 */
export async function insertArchive(db: Db, a: ArchiveInput, at: Date = new Date()): Promise<void> {
  await transaction(db, async (tx) => {
    const table = async <T>(rows: T[] | undefined, write: (data: T[]) => Promise<unknown>) => {
      if (rows?.length) await write(rows);
    };
    await table(a.enterprises, (data) => tx.prisma.enterprise.createMany({ data }));
    await table(a.licenses, (data) => tx.prisma.administrativeLicense.createMany({ data }));
    await table(a.penalties, (data) => tx.prisma.administrativePenalty.createMany({ data }));
    await table(a.listEntries, (data) => tx.prisma.listEntry.createMany({ data }));
    await table(a.certificates, (data) => tx.prisma.certificate.createMany({ data }));
    await table(a.inspections, (data) => tx.prisma.inspection.createMany({ data }));
    await table(a.commitments, (data) => tx.prisma.creditCommitment.createMany({ data }));
    await table(a.evaluations, (data) => tx.prisma.industryEvaluation.createMany({ data }));
    await table(a.honors, (data) => tx.prisma.honor.createMany({ data }));
    await table(a.otherRecords, (data) => tx.prisma.creditRecord.createMany({ data }));
    if (a.listEntries?.length) {
      const ids = a.listEntries.map((e) => e.id);
      const rows = await tx.prisma.listEntry.findMany({ where: { id: { in: ids } } });
      const order = new Map(ids.map((id, i) => [id, i]));
      rows.sort((x, y) => order.get(x.id)! - order.get(y.id)!);
      await appendChangeEvents(tx, rows.map((e) => listEntryEvent(e, 'LISTED', 'SEED')), at, db.reader.provider);
    }
  }, { timeout: 120_000 });
}

// --- one record by id, whatever its category (the workflows' entry point) --------------------------

/** The GraphQL type of each archive table. */
export const RECORD_TYPES = [
  'AdministrativeLicense', 'AdministrativePenalty', 'ListEntry', 'Certificate', 'Inspection',
  'CreditCommitment', 'IndustryEvaluation', 'Honor', 'CreditRecord',
] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export interface RecordRowOf {
  AdministrativeLicense: AdministrativeLicense;
  AdministrativePenalty: AdministrativePenalty;
  ListEntry: ListEntry;
  Certificate: Certificate;
  Inspection: Inspection;
  CreditCommitment: CreditCommitment;
  IndustryEvaluation: IndustryEvaluation;
  Honor: Honor;
  CreditRecord: CreditRecord;
}

/** A record found by id, tagged with its type. */
export type FoundRecord = { [T in RecordType]: { type: T; row: RecordRowOf[T] } }[RecordType];

/** The columns every archive table has, which the workflows read and write. */
export interface CommonRecordColumns {
  id: string;
  uscc: string;
  sourceDepartment: string;
  decisionDate: string | null;
  publicityEndDate: string | null;
  status: string;
  underObjection: boolean;
}

/** The same minimal delegate over every archive table (they share the columns written here). */
interface RecordDelegate {
  findUnique(args: { where: { id: string } }): Promise<CommonRecordColumns | null>;
  update(args: { where: { id: string }; data: Record<string, unknown> }): Promise<CommonRecordColumns>;
}

function delegate(db: Tx, type: RecordType): RecordDelegate {
  const d = {
    AdministrativeLicense: db.prisma.administrativeLicense,
    AdministrativePenalty: db.prisma.administrativePenalty,
    ListEntry: db.prisma.listEntry,
    Certificate: db.prisma.certificate,
    Inspection: db.prisma.inspection,
    CreditCommitment: db.prisma.creditCommitment,
    IndustryEvaluation: db.prisma.industryEvaluation,
    Honor: db.prisma.honor,
    CreditRecord: db.prisma.creditRecord,
  }[type];
  return d as unknown as RecordDelegate;
}

/**
 * Every record with this id, in any category (one primary-key lookup per table, in parallel). Ids
 * are unique within a table; the caller decides what a clash across tables means.
 */
export async function findRecordsById(db: Tx, id: string): Promise<FoundRecord[]> {
  const found = await Promise.all(RECORD_TYPES.map(async (type) => {
    const row = await delegate(db, type).findUnique({ where: { id } });
    return row ? ({ type, row } as FoundRecord) : null;
  }));
  return found.filter((f): f is FoundRecord => f !== null);
}

export async function findRecord(db: Tx, type: RecordType, id: string): Promise<FoundRecord | null> {
  const row = await delegate(db, type).findUnique({ where: { id } });
  return row ? ({ type, row } as FoundRecord) : null;
}

/** Updates one record's columns (the caller appends the change's events: workflow-events.ts). */
export async function updateRecord(tx: Tx, type: RecordType, id: string, data: Record<string, unknown>): Promise<FoundRecord> {
  const row = await delegate(tx, type).update({ where: { id }, data });
  return { type, row } as FoundRecord;
}

/** Black-list entries of a subject, in force, that rest on the record `basisRecordId`. */
export function findListEntriesRestingOn(tx: Tx, basisRecordId: string): Promise<ListEntry[]> {
  return tx.prisma.listEntry.findMany({ where: { basisRecordId, status: 'PUBLISHED', removedOn: null }, orderBy: { id: 'asc' } });
}

/** Ends list entries (removedOn, status); the caller logs each as removed (workflow-events.ts `endedEntries`). */
export async function endListEntries(tx: Tx, ids: string[], data: { status: string; removedOn: string }): Promise<ListEntry[]> {
  if (ids.length === 0) return [];
  await tx.prisma.listEntry.updateMany({ where: { id: { in: ids } }, data });
  return tx.prisma.listEntry.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } });
}
