/**
 * Credit reports of legal persons (信用报告): issue one, read a stored one, verify one.
 *
 * Issuing: the subject itself, operators and institutions with `reports:issue` may; the snapshot is
 * what the caller may see today (snapshot.ts); it gets its number in the transaction that stores
 * it, is put in canonical form (RFC 8785), digested (SHA-256) and signed (Ed25519, detached JWS),
 * and is never changed afterwards.
 *
 * Verifying (anyone): number and digest must match a stored report, whose stored copy must still
 * hash to that digest and carry a signature of ours; the snapshot is then rebuilt for the issuer as
 * of today and compared (supersession.ts).
 */
import type { Caller, Principal } from '../../../lib/caller.ts';
import { badUserInput, CreditGraphError, forbidden } from '../../../lib/errors.ts';
import { validateUscc } from '../../../lib/identifiers/uscc.ts';
import { canonicalize, digestOf } from '../../../lib/reports/canonical.ts';
import {
  REPORT_FORMAT, REPORT_NUMBER, reportNumber, SUBJECT_LETTER, type ReportDocument, type ReportParty, type ReportPurpose, type SubjectKind,
} from '../../../lib/reports/document.ts';
import { givenDigest, matchStored } from '../../../lib/reports/stored.ts';
import { changesSince, type ReportChange } from '../../../lib/reports/supersession.ts';
import type { Context } from '../context.ts';
import { findEnterprisesByUscc } from '../db/enterprises.ts';
import { findCreditReport, insertCreditReport, type CreditReportRow } from '../db/reports.ts';
import { snapshotOf, type Snapshot, type SnapshotDeps } from './snapshot.ts';

/** The scope an institution's agreement grants to issue reports (credit service agencies). */
export const REPORTS_SCOPE = 'reports:issue';

export function mayIssueFor(p: Principal, uscc: string): boolean {
  switch (p.kind) {
    case 'OPERATOR': return true;
    case 'ENTERPRISE': return p.uscc === uscc;
    case 'INSTITUTION': return p.scopes.includes(REPORTS_SCOPE);
    default: return false;
  }
}

/** Who the report says issued it (the caller as the gateway vouched for it). */
function issuerParty(p: Principal, subjectName: string): ReportParty {
  switch (p.kind) {
    case 'INSTITUTION': return { kind: p.kind, id: p.institutionId, name: p.institutionName };
    case 'ENTERPRISE': return { kind: p.kind, id: p.uscc, name: subjectName };
    case 'OPERATOR': return { kind: p.kind, id: p.operatorId, name: null };
    default: throw new Error(`a ${p.kind} caller cannot issue a report`);
  }
}

const issuerId = (p: Principal) => (p.kind === 'INSTITUTION' ? p.institutionId : p.kind === 'ENTERPRISE' ? p.uscc : p.kind === 'OPERATOR' ? p.operatorId : '');

/** A valid USCC, or a historical one failing only its check digit that an enterprise is on record under. */
async function subjectCode(ctx: Context, subject: string): Promise<string> {
  const check = validateUscc(subject);
  if (check.ok) return check.uscc;
  if (check.reason === 'USCC_CHECK_DIGIT' && check.uscc && (await findEnterprisesByUscc(ctx.db, [check.uscc])).length > 0) return check.uscc;
  throw badUserInput(check.reason, check.message);
}

const deps = (ctx: Context): SnapshotDeps => ({ db: ctx.db, today: ctx.today, peers: ctx.reports.peers, catalogue: ctx.catalogue });

export async function issueCreditReport(ctx: Context, args: { subject: string; purpose: ReportPurpose }): Promise<CreditReportRow> {
  const principal = ctx.caller.principal;
  const uscc = await subjectCode(ctx, args.subject);
  if (!mayIssueFor(principal, uscc)) {
    throw forbidden(`Credit reports are issued by the subject itself, operators and institutions with ${REPORTS_SCOPE}.`);
  }
  const signer = ctx.reports.signer;
  if (!signer) throw new Error('no report signing key (REPORT_KEY_FILE) is configured');
  const snapshot = await snapshotOf(deps(ctx), ctx.caller, uscc);
  if (!snapshot) throw new CreditGraphError('NOT_FOUND', `No enterprise or social organisation is on record under ${uscc}.`);
  const issuedAt = ctx.now();
  const row = await insertCreditReport(ctx.db, (seq) => {
    const report: ReportDocument = {
      format: REPORT_FORMAT,
      number: reportNumber(snapshot.kind, ctx.today, seq),
      issuedAt: issuedAt.toISOString(),
      asOf: ctx.today,
      purpose: args.purpose,
      issuer: issuerParty(principal, snapshot.name),
      subject: { kind: snapshot.kind, id: uscc, name: snapshot.name },
      profile: snapshot.profile,
      summary: snapshot.summary,
      sections: snapshot.sections,
    };
    const document = canonicalize(report);
    return {
      number: report.number, subjectKind: snapshot.kind, subject: uscc, issuerKind: principal.kind, issuerId: issuerId(principal),
      issuer: JSON.stringify(principal), purpose: args.purpose, issuedAt, document, digest: digestOf(document), signature: signer.sign(document),
    };
  });
  ctx.log.info({ number: row.number, subject: uscc, issuerKind: row.issuerKind, issuerId: row.issuerId }, 'credit report issued');
  return row;
}

/**
 * A stored report for its issuer, its subject and operators, each still entitled to issue one on
 * that subject (the same authorization as issuing); anybody else, and an unknown number, FORBIDDEN.
 */
export async function creditReportFor(ctx: Context, number: string): Promise<CreditReportRow> {
  const p = ctx.caller.principal;
  const row = REPORT_NUMBER.test(number) ? await findCreditReport(ctx.db, number) : null;
  const own = row !== null && (p.kind === 'OPERATOR' || (p.kind === 'ENTERPRISE' && p.uscc === row.subject) ||
    (row.issuerKind === p.kind && row.issuerId === issuerId(p)));
  if (!row || !own || !mayIssueFor(p, row.subject)) throw forbidden('A credit report is served to its issuer, its subject and operators.');
  return row;
}

export interface Verification {
  number: string;
  valid: boolean;
  issuedAt: Date | null;
  subjectKind: SubjectKind | null;
  subject: string | null;
  subjectName: string | null;
  superseded: boolean | null;
  changes: ReportChange[] | null;
}

export async function verifyCreditReport(ctx: Context, { number, digest }: { number: string; digest: string }): Promise<Verification> {
  const invalid: Verification = {
    number, valid: false, issuedAt: null, subjectKind: null, subject: null, subjectName: null, superseded: null, changes: null,
  };
  const given = givenDigest(number, digest, 'ESP');
  if (!given) return invalid;
  if (number.startsWith(SUBJECT_LETTER.PERSON)) return verifyPersonal(ctx, number, given, invalid);
  const row = await findCreditReport(ctx.db, number);
  const match = matchStored(row, given, ctx.reports.jwks);
  if (match === 'TAMPERED') ctx.log.error({ number }, 'stored credit report fails its digest or signature');
  if (match !== 'MATCH' || !row) return invalid;
  const issued = JSON.parse(row.document) as ReportDocument;
  const issuer: Caller = { principal: JSON.parse(row.issuer) as Principal, purpose: null, requestId: ctx.caller.requestId };
  const current = await snapshotOf(deps(ctx), issuer, row.subject, row.subjectKind as Snapshot['kind']);
  const changes = current
    ? await changesSince(issued, current, current.explainMissing)
    : [{ reason: 'WITHDRAWN' as const, section: 'profile', recordId: null }];
  return {
    number, valid: true, issuedAt: row.issuedAt, subjectKind: row.subjectKind as Snapshot['kind'], subject: row.subject,
    subjectName: issued.subject.name, superseded: changes.length > 0, changes,
  };
}

/**
 * A personal report is kept by the person subgraph: it answers (verifyPersonalCreditReport), with
 * the masked ID number as the subject and no name, no changes (they would disclose the person's
 * records beyond the report). One entry point for every number a report's QR code carries.
 */
async function verifyPersonal(ctx: Context, number: string, digest: string, invalid: Verification): Promise<Verification> {
  type Answer = { verifyPersonalCreditReport: { valid: boolean; issuedAt: string | null; subject: string | null; superseded: boolean | null } };
  const reply = await ctx.reports.peers.person<Answer>(ctx.caller,
    'query($n: String!, $d: String!) { verifyPersonalCreditReport(number: $n, digest: $d) { valid issuedAt subject superseded } }', { n: number, d: digest });
  const answer = reply.data?.verifyPersonalCreditReport;
  if (!answer) throw new CreditGraphError('SUBGRAPH_UNAVAILABLE', 'The person subgraph could not check the report.', { serviceName: 'person' });
  if (!answer.valid) return invalid;
  return {
    ...invalid, valid: true, issuedAt: answer.issuedAt ? new Date(answer.issuedAt) : null, subjectKind: 'PERSON',
    subject: answer.subject, superseded: answer.superseded,
  };
}
