/** Personal credit reports (reports.ts): the root fields and the stored row as a `PersonalCreditReport`. */
import type { CreditReportPurpose, MutationResolvers, PersonalCreditReportResolvers, QueryResolvers } from '../../../codegen/person.ts';
import { kidOf } from '../../../lib/reports/signing.ts';
import { deleteMyReports, issueMyCreditReport, myCreditReport, myCreditReports, verifyPersonalCreditReport } from '../reports.ts';

export const reportQueries: Pick<QueryResolvers, 'myCreditReports' | 'myCreditReport' | 'verifyPersonalCreditReport'> = {
  myCreditReports: (_p, _args, ctx) => myCreditReports(ctx),
  verifyPersonalCreditReport: (_p, args, ctx) => verifyPersonalCreditReport(ctx, args),
  myCreditReport: (_p, args, ctx) => myCreditReport(ctx, args),
};

export const reportMutations: Pick<MutationResolvers, 'issueMyCreditReport' | 'deleteMyReports'> = {
  issueMyCreditReport: (_p, args, ctx) => issueMyCreditReport(ctx, args),
  deleteMyReports: (_p, args, ctx) => deleteMyReports(ctx, args),
};

export const PersonalCreditReport: PersonalCreditReportResolvers = {
  purpose: (row) => row.purpose as CreditReportPurpose,
  json: (row) => row.document,
  kid: (row) => kidOf(row.signature),
  pdfPath: (row) => `/reports/${row.number}.pdf`,
  jsonPath: (row) => `/reports/${row.number}.json`,
};
