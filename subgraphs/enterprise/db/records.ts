/**
 * Archive records (the "9" and the "X"): one `findMany` with `uscc IN (…)` per category, with the
 * disclosure rule in the WHERE clause for callers who see public records only, so the `uscc`
 * index does the work and withheld rows never leave the database.
 */
import type {
  AdministrativeLicense, AdministrativePenalty, Certificate, CreditCommitment, CreditRecord, Honor,
  IndustryEvaluation, Inspection, ListEntry, Prisma,
} from '../../../prisma/generated/enterprise/sqlite/client.ts';
import type { Visibility } from '../disclosure.ts';
import type { Db } from './client.ts';

/** The WHERE shape every archive table accepts (they share these columns). */
interface RecordWhere {
  uscc?: string | { in: string[] };
  status?: string;
  publicityEndDate?: null | { gte: string };
  OR?: RecordWhere[];
}

/** Public: PUBLISHED and not past its publicity end (an end date of today is still public). */
const isPublic = (today: string): RecordWhere => ({
  status: 'PUBLISHED',
  OR: [{ publicityEndDate: null }, { publicityEndDate: { gte: today } }],
});

export function recordWhere(usccs: readonly string[], v: Visibility, today: string): RecordWhere {
  const keys = [...usccs];
  if (v.kind === 'all') return { uscc: { in: keys } };
  if (v.kind === 'own' && keys.includes(v.uscc)) {
    const others = keys.filter((k) => k !== v.uscc);
    if (others.length === 0) return { uscc: v.uscc };
    return { OR: [{ uscc: v.uscc }, { uscc: { in: others }, ...isPublic(today) }] };
  }
  return { uscc: { in: keys }, ...isPublic(today) };
}

/** Newest decision first (undated last), then id: a stable order for `first`. */
const recordOrder = () => [{ decisionDate: { sort: 'desc' as const, nulls: 'last' as const } }, { id: 'asc' as const }];

const query = (usccs: readonly string[], v: Visibility, today: string) => ({
  where: recordWhere(usccs, v, today),
  orderBy: recordOrder(),
});

export type RecordFinder<R> = (db: Db, usccs: readonly string[], v: Visibility, today: string) => Promise<R[]>;

export const findLicensesByUscc: RecordFinder<AdministrativeLicense> = (db, usccs, v, today) =>
  db.administrativeLicense.findMany(query(usccs, v, today));

export const findPenaltiesByUscc: RecordFinder<AdministrativePenalty> = (db, usccs, v, today) =>
  db.administrativePenalty.findMany(query(usccs, v, today));

export type ListType = 'RED' | 'BLACK';

/** Red or black list entries: the (uscc, listType) index. */
export const findListEntriesByUscc = (listType: ListType): RecordFinder<ListEntry> => (db, usccs, v, today) =>
  db.listEntry.findMany({ where: { AND: [{ listType }, recordWhere(usccs, v, today)] }, orderBy: recordOrder() });

export const findCertificatesByUscc: RecordFinder<Certificate> = (db, usccs, v, today) =>
  db.certificate.findMany(query(usccs, v, today));

export const findInspectionsByUscc: RecordFinder<Inspection> = (db, usccs, v, today) =>
  db.inspection.findMany(query(usccs, v, today));

export const findCommitmentsByUscc: RecordFinder<CreditCommitment> = (db, usccs, v, today) =>
  db.creditCommitment.findMany(query(usccs, v, today));

export const findEvaluationsByUscc: RecordFinder<IndustryEvaluation> = (db, usccs, v, today) =>
  db.industryEvaluation.findMany(query(usccs, v, today));

export const findHonorsByUscc: RecordFinder<Honor> = (db, usccs, v, today) =>
  db.honor.findMany(query(usccs, v, today));

export const findOtherRecordsByUscc: RecordFinder<CreditRecord> = (db, usccs, v, today) =>
  db.creditRecord.findMany(query(usccs, v, today));

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

/** Inserts enterprises and their records in one transaction (one INSERT per non-empty table). */
export async function insertArchive(db: Db, a: ArchiveInput): Promise<void> {
  const table = <T>(rows: T[] | undefined, write: (data: T[]) => Prisma.PrismaPromise<unknown>) =>
    (rows?.length ? [write(rows)] : []);
  await db.$transaction([
    ...table(a.enterprises, (data) => db.enterprise.createMany({ data })),
    ...table(a.licenses, (data) => db.administrativeLicense.createMany({ data })),
    ...table(a.penalties, (data) => db.administrativePenalty.createMany({ data })),
    ...table(a.listEntries, (data) => db.listEntry.createMany({ data })),
    ...table(a.certificates, (data) => db.certificate.createMany({ data })),
    ...table(a.inspections, (data) => db.inspection.createMany({ data })),
    ...table(a.commitments, (data) => db.creditCommitment.createMany({ data })),
    ...table(a.evaluations, (data) => db.industryEvaluation.createMany({ data })),
    ...table(a.honors, (data) => db.honor.createMany({ data })),
    ...table(a.otherRecords, (data) => db.creditRecord.createMany({ data })),
  ]);
}
