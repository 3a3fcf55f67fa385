import type { Resolvers } from '../../../codegen/platform.ts';
import { DateTimeScalar } from '../../../lib/scalars.ts';
import { Institution } from './Institution.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';
import { UsageReport } from './UsageReport.ts';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query,
  Mutation,
  Institution,
  UsageReport,
};
