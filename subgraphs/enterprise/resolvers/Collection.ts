/** Collection (归集): the catalogue, submitting and withdrawing records, bulk jobs and quality. */
import { GraphQLScalarType, valueFromASTUntyped } from 'graphql';
import type { MutationResolvers, QueryResolvers } from '../../../codegen/enterprise.ts';
import { submitRecords, withdrawRecord } from '../collection/api.ts';
import { dataQuality } from '../collection/quality.ts';

/** A record as sent: any JSON value passes here; each record is checked on its own (collection/validate.ts). */
export const RecordValues = new GraphQLScalarType({
  name: 'RecordValues',
  description: 'One record: a JSON object of recordId and the catalogue item\'s fields.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});

export const collectionQuery: Pick<QueryResolvers, 'catalogue' | 'dataQuality'> = {
  catalogue: (_parent, _args, ctx) => ctx.catalogue,
  dataQuality: (_parent, args, ctx) => dataQuality(ctx, args),
};

export const collectionMutation: Pick<MutationResolvers, 'submitRecords' | 'withdrawRecord'> = {
  submitRecords: (_parent, args, ctx) => submitRecords(ctx, args),
  withdrawRecord: (_parent, args, ctx) => withdrawRecord(ctx, args),
};
