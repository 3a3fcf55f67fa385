/** Credit reports (reports/reports.ts): the root fields and the stored row as a `CreditReport`. */
import type {
  CreditReportResolvers, CreditReportSubjectKind, CreditReportPurpose, MutationResolvers, QueryResolvers,
} from '../../../codegen/enterprise.ts';
import type { ReportDocument } from '../../../lib/reports/document.ts';
import { kidOf } from '../../../lib/reports/signing.ts';
import { creditReportFor, issueCreditReport, verifyCreditReport } from '../reports/reports.ts';
import { creditReportsIssued } from '../reports/issued.ts';

export const reportQueries: Pick<QueryResolvers, 'verifyCreditReport' | 'creditReport' | 'creditReportsIssued'> = {
  verifyCreditReport: (_p, args, ctx) => verifyCreditReport(ctx, args),
  creditReport: (_p, { number }, ctx) => creditReportFor(ctx, number),
  creditReportsIssued: (_p, args, ctx) => creditReportsIssued(ctx, args),
};

export const reportMutations: Pick<MutationResolvers, 'issueCreditReport'> = {
  issueCreditReport: (_p, args, ctx) => issueCreditReport(ctx, args),
};

export const CreditReport: CreditReportResolvers = {
  subjectKind: (row) => row.subjectKind as CreditReportSubjectKind,
  subjectName: (row) => (JSON.parse(row.document) as ReportDocument).subject.name ?? '',
  purpose: (row) => row.purpose as CreditReportPurpose,
  json: (row) => row.document,
  kid: (row) => kidOf(row.signature),
  pdfPath: (row) => `/reports/${row.number}.pdf`,
  jsonPath: (row) => `/reports/${row.number}.json`,
};
