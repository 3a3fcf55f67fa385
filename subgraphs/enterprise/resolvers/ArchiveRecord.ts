/**
 * The nine record types of the archive and the "X" (CreditRecord), all ArchiveRecords: columns
 * map to fields by name; `disclosure` is derived the same way for every one of them.
 */
import { commitmentKindOf } from '../commitments.ts';
import type {
  AdministrativeLicenseResolvers, ArchiveRecordResolvers, AdministrativePenaltyResolvers, CertificateResolvers, CommitmentStatus,
  CreditCommitmentResolvers, CreditRecordResolvers, HonorResolvers, IndustryEvaluationResolvers,
  InspectionResolvers, ListEntryResolvers,
} from '../../../codegen/enterprise.ts';
import type { Context } from '../context.ts';
import { disclosureOf, type DisclosedRow } from '../rules.ts';

/** The fields every ArchiveRecord resolves the same way. */
const archiveRecord = {
  disclosure: (row: DisclosedRow, _args: unknown, ctx: Context) => disclosureOf(row, ctx.today),
};

export const AdministrativeLicense: AdministrativeLicenseResolvers = { ...archiveRecord };
export const AdministrativePenalty: AdministrativePenaltyResolvers = { ...archiveRecord };
export const ListEntry: ListEntryResolvers = { ...archiveRecord };
export const Certificate: CertificateResolvers = { ...archiveRecord };
export const Inspection: InspectionResolvers = { ...archiveRecord };
export const CreditCommitment: CreditCommitmentResolvers = {
  ...archiveRecord,
  // The row's `status` is its disclosure status; the commitment's own status is another column.
  status: (row) => row.commitmentStatus as CommitmentStatus,
  kind: (row) => commitmentKindOf(row.commitmentType),
};
export const IndustryEvaluation: IndustryEvaluationResolvers = { ...archiveRecord };
export const Honor: HonorResolvers = { ...archiveRecord };
export const CreditRecord: CreditRecordResolvers = { ...archiveRecord };

/** Records handed out as `ArchiveRecord` (a rating indicator's basis) carry their type. */
export const ArchiveRecord: ArchiveRecordResolvers = {
  __resolveType: (row) => {
    const typename = (row as { __typename?: unknown }).__typename;
    if (typeof typename !== 'string') throw new Error('an ArchiveRecord without __typename');
    return typename as ReturnType<ArchiveRecordResolvers['__resolveType']> & string;
  },
};
