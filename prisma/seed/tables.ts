/**
 * The tables the seed writes, with each column's storage type. Column names are the Prisma field
 * names (Prisma maps them 1:1); the `columns` objects are checked against the generated model
 * types, so a field added to a Prisma schema fails the type check here until the seed fills it.
 */
import type { SubgraphName } from '../../lib/config.ts';
import type * as E from '../generated/enterprise/sqlite/client.ts';
import type * as F from '../generated/finance/sqlite/client.ts';
import type * as P from '../generated/person/sqlite/client.ts';
import type * as PL from '../generated/platform/sqlite/client.ts';
import type * as S from '../generated/social-org/sqlite/client.ts';

/** text: String; int: Int; bigint: BigInt (a JS bigint); float: Float; bool: Boolean; datetime: DateTime (a JS Date). */
export type ColumnType = 'text' | 'int' | 'bigint' | 'float' | 'bool' | 'datetime';

export interface TableSpec<R = unknown> {
  name: string;
  subgraph: SubgraphName;
  columns: readonly (keyof R & string)[];
  types: readonly ColumnType[];
  /** Rows a migration put there (a counter, say) that the seed replaces rather than refuses. */
  replaces?: boolean;
  /** Phantom: the row type. */
  readonly _row?: R;
}

type Exact<R, C> = { [K in keyof R]-?: ColumnType } & Record<Exclude<keyof C, keyof R>, never>;

/** `table<Model>()(subgraph, name, { field: type, … })`: every field of the model, and nothing else. */
function table<R>() {
  return <C extends Exact<R, C>>(subgraph: SubgraphName, name: string, columns: C): TableSpec<R> => {
    const names = Object.keys(columns) as (keyof R & string)[];
    return { name, subgraph, columns: names, types: names.map((n) => (columns as Record<string, ColumnType>)[n]!) };
  };
}

const RECORD = {
  id: 'text', uscc: 'text', catalogItemCode: 'text', sourceDepartment: 'text', documentNumber: 'text',
  decisionDate: 'text', validFrom: 'text', validTo: 'text', publicityEndDate: 'text', status: 'text', underObjection: 'bool',
} as const;

export const T = {
  enterprise: table<E.Enterprise>()('enterprise', 'Enterprise', {
    uscc: 'text', name: 'text', entityType: 'text', registrationAuthority: 'text', establishedOn: 'text',
    registeredCapital: 'float', capitalCurrency: 'text', regionCode: 'text', regionName: 'text', industryCode: 'text',
    industryName: 'text', businessScope: 'text', address: 'text', registrationStatus: 'text', legalRepPersonId: 'text',
    usccCheckDigitValid: 'bool',
  }),
  license: table<E.AdministrativeLicense>()('enterprise', 'AdministrativeLicense', {
    ...RECORD, licenseType: 'text', licenseNumber: 'text', licenseName: 'text', scope: 'text',
  }),
  penalty: table<E.AdministrativePenalty>()('enterprise', 'AdministrativePenalty', {
    ...RECORD, violation: 'text', legalBasis: 'text', penaltyType: 'text', amount: 'float', publicityPeriodMonths: 'int',
    severity: 'text', domain: 'text',
  }),
  listEntry: table<E.ListEntry>()('enterprise', 'ListEntry', {
    ...RECORD, listType: 'text', listName: 'text', reason: 'text', listingAuthority: 'text', listedOn: 'text',
    removedOn: 'text', basisRecordId: 'text',
  }),
  // The change log starts with one LIST_ENTRY_ADDED per seeded entry: the partner cities' list feed
  // reads it (subgraphs/enterprise/db/list-changes.ts).
  changeEvent: table<E.ChangeEvent>()('enterprise', 'ChangeEvent', {
    seq: 'int', at: 'datetime', type: 'text', subjectKind: 'text', subject: 'text', category: 'text', recordType: 'text',
    recordId: 'text', itemCode: 'text', departmentCode: 'text', version: 'int', source: 'text', detail: 'text',
  }),
  // The migration starts the counter at 0; the seed replaces it with the number of events it wrote.
  changeEventSequence: { ...table<E.ChangeEventSequence>()('enterprise', 'ChangeEventSequence', { id: 'int', value: 'int' }), replaces: true },
  certificate: table<E.Certificate>()('enterprise', 'Certificate', {
    ...RECORD, certificateType: 'text', certificateNumber: 'text', issuer: 'text',
  }),
  inspection: table<E.Inspection>()('enterprise', 'Inspection', {
    ...RECORD, inspectionItem: 'text', inspectedOn: 'text', result: 'text', inspectingAuthority: 'text',
  }),
  commitment: table<E.CreditCommitment>()('enterprise', 'CreditCommitment', {
    ...RECORD, commitmentType: 'text', content: 'text', committedOn: 'text', commitmentStatus: 'text',
  }),
  evaluation: table<E.IndustryEvaluation>()('enterprise', 'IndustryEvaluation', {
    ...RECORD, industry: 'text', grade: 'text', evaluator: 'text', year: 'int',
  }),
  honor: table<E.Honor>()('enterprise', 'Honor', {
    ...RECORD, title: 'text', awardedBy: 'text', level: 'text',
  }),
  creditRecord: table<E.CreditRecord>()('enterprise', 'CreditRecord', {
    ...RECORD, category: 'text', title: 'text', content: 'text',
  }),

  person: table<P.Person>()('person', 'Person', {
    id: 'text', idHash: 'text', idCipher: 'text', idMasked: 'text', name: 'text', nameMasked: 'text', regionCode: 'text',
    integrityScore: 'int', integrityGrade: 'text', integrityUpdatedOn: 'text',
  }),
  personPenalty: table<P.PersonPenalty>()('person', 'PersonPenalty', {
    id: 'text', personId: 'text', catalogItemCode: 'text', sourceDepartment: 'text', documentNumber: 'text',
    decisionDate: 'text', violation: 'text', legalBasis: 'text', penaltyType: 'text', amount: 'float', publicityEndDate: 'text', severity: 'text',
    status: 'text', underObjection: 'bool',
  }),
  judgmentDebtorCase: table<P.JudgmentDebtorCase>()('person', 'JudgmentDebtorCase', {
    id: 'text', personId: 'text', caseNumber: 'text', court: 'text', obligation: 'text', listedOn: 'text', removedOn: 'text',
    status: 'text', underObjection: 'bool',
  }),
  personHonor: table<P.PersonHonor>()('person', 'PersonHonor', {
    id: 'text', personId: 'text', title: 'text', awardedBy: 'text', awardedOn: 'text',
  }),
  volunteerRecord: table<P.VolunteerRecord>()('person', 'VolunteerRecord', {
    id: 'text', personId: 'text', organization: 'text', activity: 'text', hours: 'float', servedOn: 'text',
  }),
  consent: table<P.Consent>()('person', 'Consent', {
    id: 'text', personId: 'text', institutionId: 'text', purpose: 'text', categories: 'text', grantedAt: 'datetime',
    expiresAt: 'datetime', revokedAt: 'datetime', monitoring: 'bool',
  }),

  socialOrg: table<S.SocialOrganization>()('social-org', 'SocialOrganization', {
    uscc: 'text', name: 'text', orgType: 'text', registrationAuthority: 'text', registeredOn: 'text', regionCode: 'text',
    businessScope: 'text', ratingGrade: 'text', ratingYear: 'int', ratingValidUntil: 'text', usccCheckDigitValid: 'bool',
  }),
  annualInspection: table<S.AnnualInspection>()('social-org', 'AnnualInspection', {
    id: 'text', uscc: 'text', year: 'int', result: 'text', inspectedOn: 'text',
  }),
  socialOrgPenalty: table<S.SocialOrgPenalty>()('social-org', 'SocialOrgPenalty', {
    id: 'text', uscc: 'text', documentNumber: 'text', decisionDate: 'text', violation: 'text', penaltyType: 'text',
    amount: 'float', sourceDepartment: 'text', publicityEndDate: 'text', catalogItemCode: 'text', withdrawnOn: 'text',
  }),
  socialOrgHonor: table<S.SocialOrgHonor>()('social-org', 'SocialOrgHonor', {
    id: 'text', uscc: 'text', title: 'text', awardedBy: 'text', awardedOn: 'text',
  }),

  partner: table<F.FinancialPartner>()('finance', 'FinancialPartner', { id: 'text', name: 'text', kind: 'text', institutionId: 'text' }),
  product: table<F.LoanProduct>()('finance', 'LoanProduct', {
    id: 'text', partnerId: 'text', name: 'text', maxAmount: 'float', minAnnualRate: 'float', termMonths: 'int', eligibility: 'text',
  }),
  loan: table<F.CreditEasyLoan>()('finance', 'CreditEasyLoan', {
    id: 'text', uscc: 'text', partnerId: 'text', productId: 'text', reference: 'text', purpose: 'text', industryCode: 'text',
    regionCode: 'text', requestedFen: 'bigint', appliedOn: 'text', appliedMonth: 'text', status: 'text', statusOn: 'text',
    decidedOn: 'text', grantedOn: 'text', grantedFen: 'bigint', rateBp: 'int', termMonths: 'int', reason: 'text',
  }),

  institution: table<PL.Institution>()('platform', 'Institution', {
    id: 'text', name: 'text', kind: 'text', status: 'text', scopes: 'text', createdAt: 'datetime', ratePerSecond: 'int',
    burst: 'int', dailyArchivePulls: 'int', monthlyArchivePulls: 'int', monthlyReports: 'int', trustedDocumentsOnly: 'bool',
  }),
};

export type TableKey = keyof typeof T;

/** The tables the seed fills, per subgraph database. */
export function tablesOf(subgraph: SubgraphName): TableSpec[] {
  return (Object.values(T) as TableSpec[]).filter((t) => t.subgraph === subgraph);
}
