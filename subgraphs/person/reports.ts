/**
 * Personal public credit reports (个人公共信用报告): a person's own report, for that person only.
 *
 * What it holds is what the person sees of themself (every category; withdrawn records marked),
 * with the ID number masked: a report is made to be handed on, and a masked number is enough to
 * tell whose it is. Issuing and every later read disclose the person's data, so each is written to
 * the access log (basis SELF, every category) before the report leaves; a failed write withholds
 * it. Reports are kept until the person deletes them; the PDF is drawn on demand and never stored.
 */
import { existsSync } from 'node:fs';
import type { JWK } from 'jose';
import { CreditGraphError, forbidden } from '../../lib/errors.ts';
import { canonicalize, digestOf, type Json } from '../../lib/reports/canonical.ts';
import { REPORT_FORMAT, reportNumber, type ReportDocument, type ReportPurpose } from '../../lib/reports/document.ts';
import { changesSince } from '../../lib/reports/supersession.ts';
import { loadReportKey, type ReportSigner } from '../../lib/reports/signing.ts';
import { givenDigest, matchStored } from '../../lib/reports/stored.ts';
import { todayCST } from '../../lib/time.ts';
import type { Context } from './context.ts';
import {
  deletePersonalReports, insertPersonalReport, personalReport, personalReportByNumber, personalReports, type PersonalCreditReportRow,
} from './db/reports.ts';
import { CATEGORIES, logDisclosure } from './rules.ts';

export interface PersonReports {
  /** Null when no key is configured: issuing is an internal error. */
  signer: ReportSigner | null;
  /** The public keys stored reports are checked against (verification). */
  jwks: { keys: JWK[] };
}

/** The signing key of `REPORT_KEY_FILE` (production refuses to start without one). */
export function loadPersonReports(config: { reportKeyFile: string; production: boolean }): PersonReports {
  if (existsSync(config.reportKeyFile)) return loadReportKey(config.reportKeyFile);
  if (config.production) throw new Error(`REPORT_KEY_FILE: ${config.reportKeyFile} does not exist (the credit reports' signing key)`);
  return { signer: null, jwks: { keys: [] } };
}

/** The signed-in person's id, or FORBIDDEN. */
function self(ctx: Context): string {
  const p = ctx.caller.principal;
  if (p.kind !== 'PERSON') throw forbidden('Personal credit reports are for the signed-in person only.');
  return p.personId;
}

/** The report holds every category of the person's data: one access-log entry, durable before it leaves. */
const logWholeReport = (ctx: Context, personId: string) =>
  Promise.all(CATEGORIES.map((category) => logDisclosure(ctx, personId, category, { basis: 'SELF', consentId: null })));

const pick = (row: object, fields: readonly string[]): Record<string, Json> =>
  Object.fromEntries(fields.map((f) => [f, ((row as Record<string, unknown>)[f] ?? null) as Json]));

const withdrawn = (row: { status: string }) => ({ withdrawn: row.status === 'WITHDRAWN' });

/** What a personal report holds of the person as of `today` (also what verification compares against); null: no such person. */
async function personalContent(ctx: Context, personId: string, today: string) {
  const l = ctx.loaders;
  const [person, penalties, cases, honors, volunteering] = await Promise.all([
    l.personById.load(personId), l.penaltiesByPerson.load(personId), l.judgmentCasesByPerson.load(personId),
    l.honorsByPerson.load(personId), l.volunteerByPerson.load(personId),
  ]);
  if (!person) return null;
  const sections: ReportDocument['sections'] = [
    // A repaired penalty is disclosed to nobody but the person (repair.ts), and a report is made to be handed on.
    { key: 'penalties', kind: 'records', records: penalties.filter((r) => r.status !== 'REPAIRED').map((r) => ({ ...pick(r, ['violation', 'legalBasis', 'penaltyType', 'amount',
      'documentNumber', 'decisionDate', 'publicityEndDate', 'sourceDepartment', 'catalogItemCode', 'underObjection']), ...withdrawn(r), id: r.id })) },
    { key: 'judgmentDebtor', kind: 'records', records: cases.map((r) => ({ ...pick(r, ['caseNumber', 'court', 'obligation', 'listedOn', 'removedOn',
      'underObjection']), ...withdrawn(r), id: r.id })) },
    { key: 'honors', kind: 'records', records: honors.map((r) => ({ ...pick(r, ['title', 'awardedBy', 'awardedOn']), id: r.id })) },
    { key: 'volunteerService', kind: 'records', records: volunteering.map((r) => ({ ...pick(r, ['organization', 'activity', 'hours', 'servedOn']), id: r.id })) },
  ];
  const listed = cases.some((c) => c.status !== 'WITHDRAWN' && (c.removedOn === null || c.removedOn > today));
  return {
    person,
    profile: { fullName: person.name, idNumber: person.idMasked, regionCode: person.regionCode },
    summary: { integrityScore: person.integrityScore, integrityGrade: person.integrityGrade, judgmentDebtorListed: listed },
    sections,
  };
}

export async function issueMyCreditReport(ctx: Context, { purpose }: { purpose: ReportPurpose }): Promise<PersonalCreditReportRow> {
  const personId = self(ctx);
  const signer = ctx.reports.signer;
  if (!signer) throw new Error('no report signing key (REPORT_KEY_FILE) is configured');
  const now = ctx.now();
  const today = todayCST(now);
  const content = await personalContent(ctx, personId, today);
  if (!content) throw new CreditGraphError('NOT_FOUND', 'The signed-in person is not on record here.');
  const { person, profile, summary, sections } = content;
  await logWholeReport(ctx, personId);
  const row = await insertPersonalReport(ctx.db, (seq) => {
    const report: ReportDocument = {
      format: REPORT_FORMAT,
      number: reportNumber('PERSON', today, seq),
      issuedAt: now.toISOString(),
      asOf: today,
      purpose,
      issuer: { kind: 'PERSON', id: person.idMasked, name: person.name },
      subject: { kind: 'PERSON', id: person.idMasked, name: person.name },
      profile,
      summary,
      sections,
    };
    const document = canonicalize(report);
    return { number: report.number, personId, purpose, issuedAt: now, document, digest: digestOf(document), signature: signer.sign(document) };
  });
  ctx.log.info({ number: row.number }, 'personal credit report issued');
  return row;
}

export function myCreditReports(ctx: Context): Promise<PersonalCreditReportRow[]> {
  return personalReports(ctx.db, self(ctx));
}

/** One of the person's own reports (logged: it discloses their data again); FORBIDDEN for anything else. */
export async function myCreditReport(ctx: Context, { number }: { number: string }): Promise<PersonalCreditReportRow> {
  const personId = self(ctx);
  const row = await personalReport(ctx.db, personId, number);
  if (!row) throw forbidden('A personal credit report is served to its person only.');
  await logWholeReport(ctx, personId);
  return row;
}

export function deleteMyReports(ctx: Context, { numbers }: { numbers?: string[] | null }): Promise<number> {
  return deletePersonalReports(ctx.db, self(ctx), numbers ?? null);
}

export interface PersonalVerification {
  number: string;
  valid: boolean;
  issuedAt: Date | null;
  /** The ID number masked, as the report prints it. */
  subject: string | null;
  superseded: boolean | null;
}

/**
 * Anyone holding a personal report (its number and digest) checks it: genuine, when issued, the
 * masked ID number it prints, and whether a record in it has since changed or one was added. What
 * changed is not said: that would tell the verifier about the person's records beyond the report.
 * An unknown number, a wrong digest and a report its person has deleted get the same answer
 * (valid: false, nothing else). Nothing of the person leaves, so nothing is written to the access log.
 */
export async function verifyPersonalCreditReport(ctx: Context, { number, digest }: { number: string; digest: string }): Promise<PersonalVerification> {
  const invalid: PersonalVerification = { number, valid: false, issuedAt: null, subject: null, superseded: null };
  const given = givenDigest(number, digest, 'P');
  if (!given) return invalid;
  const row = await personalReportByNumber(ctx.db, number);
  const match = matchStored(row, given, ctx.reports.jwks);
  if (match === 'TAMPERED') ctx.log.error({ number }, 'stored personal credit report fails its digest or signature');
  if (match !== 'MATCH' || !row) return invalid;
  const issued = JSON.parse(row.document) as ReportDocument;
  const current = await personalContent(ctx, row.personId, todayCST(ctx.now()));
  const superseded = !current || (await changesSince(issued, current, async () => 'WITHDRAWN')).length > 0;
  return { number, valid: true, issuedAt: row.issuedAt, subject: issued.subject.id, superseded };
}
