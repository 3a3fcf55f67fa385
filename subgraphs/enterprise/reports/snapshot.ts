/**
 * What a report holds: the subject's archive as the issuer may see it today, built by the owners of
 * the data with their own rules for that caller.
 *
 * - An enterprise: this subgraph's loaders, built for the issuer (the same per-record disclosure
 *   as every GraphQL field), the rating and the joint-sanctions status computed from them, and the
 *   credit-easy loans asked of the finance subgraph as the issuer (withheld unless it may see them).
 * - A social organisation: its archive asked of the social-org subgraph as the issuer, and the
 *   joint-sanctions status from the lists kept here. A penalty withdrawn at the source is still
 *   shown to a government issuer or an operator (as the subgraph shows it them) and carries its
 *   `withdrawnOn`, as an enterprise's record carries its disclosure.
 *
 * Only the fields of the SDL go into a report, named as in the SDL: a column added to a table does
 * not reach a report until it is listed here.
 */
import type { Caller } from '../../../lib/caller.ts';
import type { Catalogue } from '../../../lib/catalogue/index.ts';
import type { Json } from '../../../lib/reports/canonical.ts';
import type { ReportRecord, ReportSection, SubjectKind } from '../../../lib/reports/document.ts';
import { unexpectedError, type PeerCall } from '../../../lib/reports/peer.ts';
import type { ExplainMissing } from '../../../lib/reports/supersession.ts';
import type { Db } from '../db/client.ts';
import { findRecord, type RecordType } from '../db/records.ts';
import { findAllSanctionRules } from '../db/reports.ts';
import type { ListEntry } from '../../../prisma/generated/enterprise/sqlite/client.ts';
import { disclosureOf, isActiveListEntry, type DisclosedRow } from '../rules.ts';
import { createLoaders, type Loaders } from '../loaders.ts';
import { computeRating } from '../rating.ts';
import { decide } from '../sanctions.ts';

export interface Peers {
  socialOrg: PeerCall;
  finance: PeerCall;
  /** Keeps personal reports: verifyCreditReport asks it about a P number. */
  person: PeerCall;
}

export interface SnapshotDeps {
  db: Db;
  today: string;
  peers: Peers;
  /** Whose records the issuer may see, by item (rules.ts). */
  catalogue: Catalogue;
}

export interface Snapshot {
  kind: Exclude<SubjectKind, 'PERSON'>;
  name: string;
  profile: Record<string, Json>;
  summary: Record<string, Json>;
  sections: ReportSection[];
  /** Why a record of an earlier report is no longer in this one. */
  explainMissing: ExplainMissing;
}

const COMMON = ['catalogItemCode', 'sourceDepartment', 'documentNumber', 'decisionDate', 'validFrom', 'validTo', 'publicityEndDate', 'underObjection'];
const LIST_ENTRY = ['listType', 'listName', 'reason', 'listingAuthority', 'listedOn', 'removedOn'];

/** The archive's record sections: table and the category's own fields (SDL names), in report order. */
const CATEGORIES: { key: keyof Archive; type: RecordType; fields: string[] }[] = [
  { key: 'licenses', type: 'AdministrativeLicense', fields: ['licenseType', 'licenseNumber', 'licenseName', 'scope'] },
  { key: 'penalties', type: 'AdministrativePenalty', fields: ['violation', 'legalBasis', 'penaltyType', 'amount', 'publicityPeriodMonths', 'severity', 'domain'] },
  { key: 'redList', type: 'ListEntry', fields: LIST_ENTRY },
  { key: 'blackList', type: 'ListEntry', fields: LIST_ENTRY },
  { key: 'certificates', type: 'Certificate', fields: ['certificateType', 'certificateNumber', 'issuer'] },
  { key: 'inspections', type: 'Inspection', fields: ['inspectionItem', 'inspectedOn', 'result', 'inspectingAuthority'] },
  // The row's `status` is its disclosure; the commitment's own status is `commitmentStatus`.
  { key: 'commitments', type: 'CreditCommitment', fields: ['commitmentType', 'content', 'committedOn', 'status:commitmentStatus'] },
  { key: 'evaluations', type: 'IndustryEvaluation', fields: ['industry', 'grade', 'evaluator', 'year'] },
  { key: 'honors', type: 'Honor', fields: ['title', 'awardedBy', 'level'] },
  { key: 'otherRecords', type: 'CreditRecord', fields: ['category', 'title', 'content'] },
];

/** The archive of one enterprise as the issuer's loaders return it. */
async function archiveOf(l: Loaders, uscc: string) {
  const [licenses, penalties, redList, blackList, certificates, inspections, commitments, evaluations, honors, otherRecords] = await Promise.all([
    l.licensesByUscc.load(uscc), l.penaltiesByUscc.load(uscc), l.redListByUscc.load(uscc), l.blackListByUscc.load(uscc),
    l.certificatesByUscc.load(uscc), l.inspectionsByUscc.load(uscc), l.commitmentsByUscc.load(uscc),
    l.evaluationsByUscc.load(uscc), l.honorsByUscc.load(uscc), l.otherRecordsByUscc.load(uscc),
  ]);
  return { licenses, penalties, redList, blackList, certificates, inspections, commitments, evaluations, honors, otherRecords };
}
type Archive = Awaited<ReturnType<typeof archiveOf>>;

const OVERVIEW = ['entityType', 'registrationAuthority', 'establishedOn', 'registeredCapital', 'capitalCurrency', 'regionCode',
  'regionName', 'industryCode', 'industryName', 'businessScope', 'address', 'registrationStatus'];

/** `field` or `field:column`, read from the row. */
function pick(row: object, fields: readonly string[]): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const spec of fields) {
    const [field, column = field] = spec.split(':') as [string, string?];
    out[field] = ((row as Record<string, unknown>)[column!] ?? null) as Json;
  }
  return out;
}

/** Why a record of this archive is no longer shown to the issuer, from the record itself. */
function explainMissingArchive(db: Db, today: string): ExplainMissing {
  return async (section, record) => {
    const category = CATEGORIES.find((c) => c.key === section);
    const found = category ? await findRecord(db, category.type, record.id) : null;
    if (!found) return 'WITHDRAWN';
    const disclosure = disclosureOf(found.row, today);
    return disclosure === 'PUBLISHED' ? 'WITHDRAWN' : disclosure;
  };
}

/** The joint-sanctions status from the active red/black entries, with the measures of every matter they trigger. */
async function sanctions(db: Db, uscc: string, entries: readonly ListEntry[], today: string) {
  const active = entries.filter((e) => isActiveListEntry(e, today));
  const rules = active.length > 0 ? await findAllSanctionRules(db) : [];
  const decision = decide(uscc, rules, active);
  return {
    status: decision.decision,
    section: {
      key: 'sanctionMeasures', kind: 'derived' as const,
      records: decision.measures.map((m) => ({ id: m.code, code: m.code, name: m.name, kind: m.kind })),
    },
  };
}

export async function snapshotOf(deps: SnapshotDeps, issuer: Caller, uscc: string, kind?: Snapshot['kind']): Promise<Snapshot | null> {
  const loaders = createLoaders(deps.db, issuer, { today: deps.today, catalogue: deps.catalogue });
  const enterprise = kind === 'SOCIAL_ORGANIZATION' ? null : await loaders.enterpriseByUscc.load(uscc);
  if (enterprise) return enterpriseSnapshot(deps, issuer, loaders, enterprise);
  if (kind === 'ENTERPRISE' || !uscc.startsWith('5')) return null;
  return socialOrgSnapshot(deps, issuer, loaders, uscc);
}

async function enterpriseSnapshot(
  deps: SnapshotDeps, issuer: Caller, loaders: Loaders, enterprise: NonNullable<Awaited<ReturnType<Loaders['enterpriseByUscc']['load']>>>,
): Promise<Snapshot> {
  const { uscc } = enterprise;
  const [archive, loans] = await Promise.all([archiveOf(loaders, uscc), loansOf(deps.peers.finance, issuer, uscc)]);
  const rating = computeRating(archive, deps.today, deps.catalogue);
  const sanction = await sanctions(deps.db, uscc, [...archive.redList, ...archive.blackList], deps.today);

  const sections: ReportSection[] = CATEGORIES.map((c) => ({
    key: c.key,
    kind: 'records',
    records: (archive[c.key] as (DisclosedRow & { id: string })[]).map((row) => ({
      ...pick(row, c.fields), ...pick(row, COMMON), id: row.id, disclosure: disclosureOf(row, deps.today),
    })),
  }));
  sections.push(
    { key: 'creditEasyLoans', kind: 'records', records: loans },
    {
      key: 'ratingIndicators', kind: 'derived',
      records: rating.indicators.map((i) => ({ id: i.code, code: i.code, name: i.name, points: i.points, basis: i.basis.map((b) => b.id) })),
    },
    sanction.section,
  );
  return {
    kind: 'ENTERPRISE',
    name: enterprise.name,
    profile: { registeredName: enterprise.name, ...pick(enterprise, OVERVIEW) },
    summary: { ratingGrade: rating.grade, ratingScore: rating.score, sanctionsStatus: sanction.status },
    sections,
    explainMissing: explainMissingArchive(deps.db, deps.today),
  };
}

const LOANS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise {
  creditEasyLoans { id amount grantedOn status lender { name } product { name } } } } }`;

interface LoanReply { _entities: ({ creditEasyLoans: { id: string; amount: number; grantedOn: string; status: string; lender: { name: string }; product: { name: string } }[] | null } | null)[] }

/** The loans, or null when the finance subgraph withholds them from the issuer (FORBIDDEN). */
async function loansOf(finance: PeerCall, issuer: Caller, uscc: string): Promise<ReportRecord[] | null> {
  const reply = await finance<LoanReply>(issuer, LOANS, { r: [{ __typename: 'Enterprise', uscc }] });
  const failed = unexpectedError(reply);
  if (failed) throw new Error(`finance subgraph: ${failed.message}`);
  const loans = reply.data?._entities[0]?.creditEasyLoans;
  if (!loans) return null;
  return loans.map((l) => ({ id: l.id, lender: l.lender.name, product: l.product.name, amount: l.amount, grantedOn: l.grantedOn, status: l.status }));
}

const SOCIAL_ORG = `query($u: ID!) { socialOrganization(uscc: $u) {
  name orgType registrationAuthority registeredOn regionCode businessScope rating { grade year validUntil }
  annualInspections { id year result inspectedOn }
  penalties { id documentNumber decisionDate violation penaltyType amount sourceDepartment publicityEndDate withdrawnOn }
  honors { id title awardedBy awardedOn } } }`;

interface SocialOrgReply {
  socialOrganization: (Record<string, Json> & {
    name: string; rating: { grade: string; year: number; validUntil: string } | null;
    annualInspections: ReportRecord[]; penalties: ReportRecord[]; honors: ReportRecord[];
  }) | null;
}

async function socialOrgSnapshot(deps: SnapshotDeps, issuer: Caller, loaders: Loaders, uscc: string): Promise<Snapshot | null> {
  const [reply, red, black] = await Promise.all([
    deps.peers.socialOrg<SocialOrgReply>(issuer, SOCIAL_ORG, { u: uscc }),
    loaders.redListByUscc.load(uscc), loaders.blackListByUscc.load(uscc),
  ]);
  const failed = unexpectedError(reply);
  if (failed) throw new Error(`social-org subgraph: ${failed.message}`);
  const org = reply.data?.socialOrganization;
  if (!org) return null;
  const { rating, annualInspections, penalties, honors, ...profile } = org;
  const sanction = await sanctions(deps.db, uscc, [...red, ...black], deps.today);
  return {
    kind: 'SOCIAL_ORGANIZATION',
    name: org.name,
    profile,
    summary: {
      ratingGrade: rating?.grade ?? null, ratingYear: rating?.year ?? null, ratingValidUntil: rating?.validUntil ?? null,
      sanctionsStatus: sanction.status,
    },
    sections: [
      { key: 'annualInspections', kind: 'records', records: annualInspections },
      { key: 'penalties', kind: 'records', records: penalties },
      { key: 'honors', kind: 'records', records: honors },
      sanction.section,
    ],
    // The social-org subgraph drops a penalty from public view when its publicity ends; anything
    // else that disappears was withdrawn at the source.
    explainMissing: async (_section, record) =>
      (typeof record.publicityEndDate === 'string' && record.publicityEndDate < deps.today ? 'EXPIRED' : 'WITHDRAWN'),
  };
}
