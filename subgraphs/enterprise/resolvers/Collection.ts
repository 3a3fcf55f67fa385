/** Collection (归集): the catalogue, submitting and withdrawing records, bulk jobs and quality. */
import { GraphQLScalarType, valueFromASTUntyped } from 'graphql';
import type {
  IngestJobResolvers, IngestStatus, MutationResolvers, QueryResolvers, RejectionResolvers,
} from '../../../codegen/enterprise.ts';
import { findRejections } from '../db/collection.ts';
import { ingestJob, ingestJobs, rejectionLimit } from '../collection/api.ts';
import { submitRecords, withdrawRecord } from '../collection/api.ts';
import { dataQuality } from '../collection/quality.ts';

/** A record as sent: any JSON value passes here; each record is checked on its own (lib/collection/validate.ts). */
export const RecordValues = new GraphQLScalarType({
  name: 'RecordValues',
  description: 'One record: a JSON object of recordId and the catalogue item\'s fields.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});

export const collectionQuery: Pick<QueryResolvers, 'catalogue' | 'dataQuality' | 'ingestJob' | 'ingestJobs'> = {
  catalogue: (_parent, _args, ctx) => ctx.catalogue,
  dataQuality: (_parent, args, ctx) => dataQuality(ctx, args),
  ingestJob: (_parent, args, ctx) => ingestJob(ctx, args),
  ingestJobs: (_parent, args, ctx) => ingestJobs(ctx, args),
};

export const IngestJob: IngestJobResolvers = {
  item: (job) => job.itemCode,
  department: (job) => job.departmentCode,
  status: (job) => job.status as IngestStatus,
  format: (job) => job.format ?? 'CSV',
  encoding: (job) => job.encoding ?? 'UTF-8',
  rejections: (job, { first }, ctx) => findRejections(ctx.db, job.id, rejectionLimit(first)),
};

export const Rejection: RejectionResolvers = {
  line: (r) => r.position,
  recordId: (r) => r.sourceRecordId,
};

export const collectionMutation: Pick<MutationResolvers, 'submitRecords' | 'withdrawRecord'> = {
  submitRecords: (_parent, args, ctx) => submitRecords(ctx, args),
  withdrawRecord: (_parent, args, ctx) => withdrawRecord(ctx, args),
};
