/* eslint-disable */
import * as types from './graphql.ts';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query BankEnterpriseArchive($uscc: ID!) {\n    enterprise(uscc: $uscc) {\n      uscc\n      name\n      overview { registeredName regionName industryName establishedOn registrationStatus }\n      penalties { id violation penaltyType amount publicityEndDate }\n      redList { id listName }\n      blackList { id listName }\n      legalRepresentative { id name idNumber }\n    }\n  }\n": typeof types.BankEnterpriseArchiveDocument,
    "\n  query BankCheckSanctions($subjects: [ID!]!, $matterCode: String!, $stage: SanctionStage) {\n    checkSanctions(subjects: $subjects, matterCode: $matterCode, stage: $stage) {\n      checkId\n      subject\n      decision\n      measures { code name kind }\n    }\n  }\n": typeof types.BankCheckSanctionsDocument,
    "\n  query BankVerifyIntegrityCode($code: String!, $idNumber: String) {\n    verifyIntegrityCode(code: $code, idNumber: $idNumber) { valid grade city expiresAt holderMatches reason }\n  }\n": typeof types.BankVerifyIntegrityCodeDocument,
    "\n  query BankVerifyCreditReport($number: String!, $digest: String!) {\n    verifyCreditReport(number: $number, digest: $digest) { number valid issuedAt subjectName superseded }\n  }\n": typeof types.BankVerifyCreditReportDocument,
    "\n  query BankConsentedPerson($idNumber: String!) {\n    person(idNumber: $idNumber) {\n      name\n      idNumber\n      integrity { score grade }\n      judgmentDebtor { listed }\n    }\n  }\n": typeof types.BankConsentedPersonDocument,
};
const documents: Documents = {
    "\n  query BankEnterpriseArchive($uscc: ID!) {\n    enterprise(uscc: $uscc) {\n      uscc\n      name\n      overview { registeredName regionName industryName establishedOn registrationStatus }\n      penalties { id violation penaltyType amount publicityEndDate }\n      redList { id listName }\n      blackList { id listName }\n      legalRepresentative { id name idNumber }\n    }\n  }\n": types.BankEnterpriseArchiveDocument,
    "\n  query BankCheckSanctions($subjects: [ID!]!, $matterCode: String!, $stage: SanctionStage) {\n    checkSanctions(subjects: $subjects, matterCode: $matterCode, stage: $stage) {\n      checkId\n      subject\n      decision\n      measures { code name kind }\n    }\n  }\n": types.BankCheckSanctionsDocument,
    "\n  query BankVerifyIntegrityCode($code: String!, $idNumber: String) {\n    verifyIntegrityCode(code: $code, idNumber: $idNumber) { valid grade city expiresAt holderMatches reason }\n  }\n": types.BankVerifyIntegrityCodeDocument,
    "\n  query BankVerifyCreditReport($number: String!, $digest: String!) {\n    verifyCreditReport(number: $number, digest: $digest) { number valid issuedAt subjectName superseded }\n  }\n": types.BankVerifyCreditReportDocument,
    "\n  query BankConsentedPerson($idNumber: String!) {\n    person(idNumber: $idNumber) {\n      name\n      idNumber\n      integrity { score grade }\n      judgmentDebtor { listed }\n    }\n  }\n": types.BankConsentedPersonDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BankEnterpriseArchive($uscc: ID!) {\n    enterprise(uscc: $uscc) {\n      uscc\n      name\n      overview { registeredName regionName industryName establishedOn registrationStatus }\n      penalties { id violation penaltyType amount publicityEndDate }\n      redList { id listName }\n      blackList { id listName }\n      legalRepresentative { id name idNumber }\n    }\n  }\n"): typeof import('./graphql.ts').BankEnterpriseArchiveDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BankCheckSanctions($subjects: [ID!]!, $matterCode: String!, $stage: SanctionStage) {\n    checkSanctions(subjects: $subjects, matterCode: $matterCode, stage: $stage) {\n      checkId\n      subject\n      decision\n      measures { code name kind }\n    }\n  }\n"): typeof import('./graphql.ts').BankCheckSanctionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BankVerifyIntegrityCode($code: String!, $idNumber: String) {\n    verifyIntegrityCode(code: $code, idNumber: $idNumber) { valid grade city expiresAt holderMatches reason }\n  }\n"): typeof import('./graphql.ts').BankVerifyIntegrityCodeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BankVerifyCreditReport($number: String!, $digest: String!) {\n    verifyCreditReport(number: $number, digest: $digest) { number valid issuedAt subjectName superseded }\n  }\n"): typeof import('./graphql.ts').BankVerifyCreditReportDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BankConsentedPerson($idNumber: String!) {\n    person(idNumber: $idNumber) {\n      name\n      idNumber\n      integrity { score grade }\n      judgmentDebtor { listed }\n    }\n  }\n"): typeof import('./graphql.ts').BankConsentedPersonDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
