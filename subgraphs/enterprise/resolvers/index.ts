import type { Resolvers } from '../../../codegen/enterprise.ts';
import { DateScalar, DateTimeScalar } from '../../../lib/scalars.ts';
import * as records from './ArchiveRecord.ts';
import { CreditReport, reportMutations, reportQueries } from './CreditReport.ts';
import { Enterprise, EnterpriseOverview } from './Enterprise.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';
import * as workflow from './Workflow.ts';
import * as catalogue from './Catalogue.ts';
import { SanctionCase, sanctionMutations, sanctionQueries } from './Sanctions.ts';
import { CreditStatistics, statisticsQueries } from './Statistics.ts';
import { collectionMutation, collectionQuery, IngestJob, RecordValues, Rejection } from './Collection.ts';

export const resolvers: Resolvers = {
  Date: DateScalar, DateTime: DateTimeScalar, Enterprise, EnterpriseOverview, ...records, ...workflow,
  ...catalogue, RecordValues, IngestJob, Rejection, CreditReport, SanctionCase, CreditStatistics,
  // Collection (collection/), credit reports (CreditReport.ts) and joint sanctions (Sanctions.ts) add their root fields to the workflows'.
  Query: { ...Query, ...collectionQuery, ...reportQueries, ...sanctionQueries, ...statisticsQueries },
  Mutation: { ...Mutation, ...collectionMutation, ...reportMutations, ...sanctionMutations },
};
