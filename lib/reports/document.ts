/**
 * A credit report as data: what is signed (in canonical form), stored, served as JSON and drawn
 * as PDF. One shape for every subject (enterprise, social organisation, person), so the PDF, the
 * signature, the digest and the "has it been superseded?" comparison are written once.
 *
 * - `profile`: the subject's basic information (the enterprise overview, a social organisation's
 *   registration, a person's masked identity), field → value.
 * - `summary`: what is concluded from the records (rating, sanctions status), field → value.
 * - `sections`: lists. A `records` section holds archive records, each with its `id`: these are
 *   what a later change supersedes. A `derived` section (rating indicators, sanction measures)
 *   follows from the records and is not compared on its own. `records: null` means the section
 *   exists but was withheld from this issuer (e.g. loans without `loans:read`): the report says so
 *   rather than looking empty.
 */
import type { Json } from './canonical.ts';

export const REPORT_FORMAT = 'creditgraph/credit-report@1';

export type SubjectKind = 'ENTERPRISE' | 'SOCIAL_ORGANIZATION' | 'PERSON';

// The schema's `CreditReportPurpose`, generated into codegen/enums.ts: one source.
export { CreditReportPurposeValues as REPORT_PURPOSES, type CreditReportPurpose as ReportPurpose } from '../../codegen/enums.ts';
import type { CreditReportPurpose as ReportPurpose } from '../../codegen/enums.ts';

export const PURPOSE_LABELS: Record<ReportPurpose, string> = {
  GOVERNMENT_PROCUREMENT: '政府采购',
  TENDERING: '招标投标',
  ADMINISTRATIVE_APPROVAL: '行政审批',
  CREDIT_REPAIR: '信用修复',
  FINANCING: '融资信贷',
  BUSINESS_COOPERATION: '商务合作',
  SELF_CHECK: '自查',
  OTHER: '其他',
};

export interface ReportParty {
  kind: string;
  /** USCC, institution id, operator id; a person's masked ID number. */
  id: string;
  name: string | null;
}

export type ReportRecord = { id: string } & { [field: string]: Json };

export interface ReportSection {
  key: string;
  kind: 'records' | 'derived';
  /** Null: withheld from this issuer. */
  records: ReportRecord[] | null;
}

export interface ReportDocument {
  format: typeof REPORT_FORMAT;
  number: string;
  /** ISO instant (UTC). */
  issuedAt: string;
  /** The China Standard Time day the disclosure rules were applied for (publicity periods). */
  asOf: string;
  purpose: ReportPurpose;
  issuer: ReportParty;
  subject: ReportParty & { kind: SubjectKind };
  profile: { [field: string]: Json };
  summary: { [field: string]: Json };
  sections: ReportSection[];
}

/** What is stored and served as `.json`: the report, its digest and its detached JWS. */
export interface ReportEnvelope {
  report: ReportDocument;
  /** SHA-256 (hex) of the report's canonical JSON (RFC 8785). */
  digest: string;
  /** Detached JWS (EdDSA) over the canonical JSON. */
  signature: string;
}

/**
 * A report number: subject letter (E enterprise, S social organisation, P person), the CST issue
 * day and an 8-digit sequence of the store, e.g. `E2026120700000042`. Unique per store; the letter
 * tells which store (subgraph) holds it.
 */
export const REPORT_NUMBER = /^[ESP]\d{8}\d{8}$/;
export const SUBJECT_LETTER: Record<SubjectKind, 'E' | 'S' | 'P'> = { ENTERPRISE: 'E', SOCIAL_ORGANIZATION: 'S', PERSON: 'P' };

export function reportNumber(kind: SubjectKind, cstDay: string, seq: number): string {
  return `${SUBJECT_LETTER[kind]}${cstDay.replaceAll('-', '')}${String(seq).padStart(8, '0')}`;
}
