import type { Resolvers } from '../../../codegen/person.ts';
import { DateScalar, DateTimeScalar } from '../../../lib/scalars.ts';
import { AccessLogEntry } from './AccessLogEntry.ts';
import { Consent } from './Consent.ts';
import { Mutation } from './Mutation.ts';
import { PersonalCreditReport, reportMutations, reportQueries } from './PersonalCreditReport.ts';
import { Person } from './Person.ts';
import { PersonObjection } from './PersonObjection.ts';
import { PersonRepairApplication, repairMutations, repairQueries } from './PersonRepairApplication.ts';
import { Query } from './Query.ts';
import { CreditStatistics } from './Statistics.ts';
import { JudgmentDebtorCase, PersonPenalty } from './Records.ts';

export const resolvers: Resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  // Personal credit reports (PersonalCreditReport.ts) and persons' repair (PersonRepairApplication.ts) add their root fields.
  Query: { ...Query, ...reportQueries, ...repairQueries },
  Mutation: { ...Mutation, ...reportMutations, ...repairMutations },
  PersonRepairApplication,
  PersonalCreditReport,
  Person,
  Consent,
  AccessLogEntry,
  PersonObjection,
  PersonPenalty,
  JudgmentDebtorCase,
  CreditStatistics,
};
