/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Why an integrity code was not accepted. */
export type IntegrityCodeRejection =
  /** Past its expiry (5 seconds of clock tolerance). */
  | 'EXPIRED'
  /** The signature does not verify with the published key (tampered, or signed by another key). */
  | 'FORGED'
  /** Not bound to the ID number shown; the code stays unspent. */
  | 'HOLDER_MISMATCH'
  /** Not a compact JWS of the integrity-code shape. */
  | 'MALFORMED'
  /** Genuine, but issued before the holder binding used scrypt (no `hk` claim): obtain a new code. */
  | 'OUTDATED'
  /** Already verified online once. */
  | 'SPENT';

export type SanctionDecision =
  | 'INCENTIVE'
  | 'NONE'
  | 'RESTRICTED';

export type SanctionMeasureKind =
  /** Triggered by red lists. */
  | 'INCENTIVE'
  /** Triggered by black lists. */
  | 'RESTRICTION';

/** Where in granting a matter the business system checks (Huzhou: acceptance, processing, conclusion). */
export type SanctionStage =
  | 'ACCEPTANCE'
  | 'CONCLUSION'
  | 'PROCESSING';

export type BankEnterpriseArchiveQueryVariables = Exact<{
  uscc: string;
}>;


export type BankEnterpriseArchiveQuery = { enterprise: { uscc: string, name: string, overview: { registeredName: string, regionName: string, industryName: string, establishedOn: string, registrationStatus: string }, penalties: Array<{ id: string, violation: string, penaltyType: string, amount: number | null, publicityEndDate: string | null }>, redList: Array<{ id: string, listName: string }>, blackList: Array<{ id: string, listName: string }>, legalRepresentative: { id: string, name: string, idNumber: string } | null } | null };

export type BankCheckSanctionsQueryVariables = Exact<{
  subjects: Array<string> | string;
  matterCode: string;
  stage?: SanctionStage | null | undefined;
}>;


export type BankCheckSanctionsQuery = { checkSanctions: Array<{ checkId: string, subject: string, decision: SanctionDecision, measures: Array<{ code: string, name: string, kind: SanctionMeasureKind }> }> | null };

export type BankVerifyIntegrityCodeQueryVariables = Exact<{
  code: string;
  idNumber?: string | null | undefined;
}>;


export type BankVerifyIntegrityCodeQuery = { verifyIntegrityCode: { valid: boolean, grade: string | null, city: string | null, expiresAt: string | null, holderMatches: boolean | null, reason: IntegrityCodeRejection | null } | null };

export type BankVerifyCreditReportQueryVariables = Exact<{
  number: string;
  digest: string;
}>;


export type BankVerifyCreditReportQuery = { verifyCreditReport: { number: string, valid: boolean, issuedAt: string | null, subjectName: string | null, superseded: boolean | null } };

export type BankConsentedPersonQueryVariables = Exact<{
  idNumber: string;
}>;


export type BankConsentedPersonQuery = { person: { name: string, idNumber: string, integrity: { score: number, grade: string } | null, judgmentDebtor: { listed: boolean } | null } | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const BankEnterpriseArchiveDocument = new TypedDocumentString(`
    query BankEnterpriseArchive($uscc: ID!) {
  enterprise(uscc: $uscc) {
    uscc
    name
    overview {
      registeredName
      regionName
      industryName
      establishedOn
      registrationStatus
    }
    penalties {
      id
      violation
      penaltyType
      amount
      publicityEndDate
    }
    redList {
      id
      listName
    }
    blackList {
      id
      listName
    }
    legalRepresentative {
      id
      name
      idNumber
    }
  }
}
    `) as unknown as TypedDocumentString<BankEnterpriseArchiveQuery, BankEnterpriseArchiveQueryVariables>;
export const BankCheckSanctionsDocument = new TypedDocumentString(`
    query BankCheckSanctions($subjects: [ID!]!, $matterCode: String!, $stage: SanctionStage) {
  checkSanctions(subjects: $subjects, matterCode: $matterCode, stage: $stage) {
    checkId
    subject
    decision
    measures {
      code
      name
      kind
    }
  }
}
    `) as unknown as TypedDocumentString<BankCheckSanctionsQuery, BankCheckSanctionsQueryVariables>;
export const BankVerifyIntegrityCodeDocument = new TypedDocumentString(`
    query BankVerifyIntegrityCode($code: String!, $idNumber: String) {
  verifyIntegrityCode(code: $code, idNumber: $idNumber) {
    valid
    grade
    city
    expiresAt
    holderMatches
    reason
  }
}
    `) as unknown as TypedDocumentString<BankVerifyIntegrityCodeQuery, BankVerifyIntegrityCodeQueryVariables>;
export const BankVerifyCreditReportDocument = new TypedDocumentString(`
    query BankVerifyCreditReport($number: String!, $digest: String!) {
  verifyCreditReport(number: $number, digest: $digest) {
    number
    valid
    issuedAt
    subjectName
    superseded
  }
}
    `) as unknown as TypedDocumentString<BankVerifyCreditReportQuery, BankVerifyCreditReportQueryVariables>;
export const BankConsentedPersonDocument = new TypedDocumentString(`
    query BankConsentedPerson($idNumber: String!) {
  person(idNumber: $idNumber) {
    name
    idNumber
    integrity {
      score
      grade
    }
    judgmentDebtor {
      listed
    }
  }
}
    `) as unknown as TypedDocumentString<BankConsentedPersonQuery, BankConsentedPersonQueryVariables>;