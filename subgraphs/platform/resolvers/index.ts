import type { Resolvers } from '../../../codegen/platform.ts';
import { DateTimeScalar } from '../../../lib/scalars.ts';
import { Institution } from './Institution.ts';
import { deadLetterQuery, monitoringMutation, monitoringQuery } from './Monitoring.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';
import { CreditStatistics } from './Statistics.ts';
import { UsageReport } from './UsageReport.ts';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: { ...Query, ...monitoringQuery, ...deadLetterQuery },
  Mutation: { ...Mutation, ...monitoringMutation },
  Institution,
  UsageReport,
  CreditStatistics,
};
