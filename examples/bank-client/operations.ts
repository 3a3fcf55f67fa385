/**
 * The operations a bank's system sends, each a named document: GraphQL Code Generator reads these
 * graphql(`...`) calls and gives each its result and variable types (gql/). Add a field here, run
 * `npm run codegen:example`, and the compiler knows it.
 */
import { graphql } from './gql/index.ts';

/** An enterprise's "1 + 9 + X" archive before a loan: who it is, what it was penalised for, which lists it is on. */
export const EnterpriseArchive = graphql(`
  query BankEnterpriseArchive($uscc: ID!) {
    enterprise(uscc: $uscc) {
      uscc
      name
      overview { registeredName regionName industryName establishedOn registrationStatus }
      penalties { id violation penaltyType amount publicityEndDate }
      redList { id listName }
      blackList { id listName }
      legalRepresentative { id name idNumber }
    }
  }
`);

/** Joint rewards and sanctions: government business systems (a bank is refused FORBIDDEN). */
export const CheckSanctions = graphql(`
  query BankCheckSanctions($subjects: [ID!]!, $matterCode: String!, $stage: SanctionStage) {
    checkSanctions(subjects: $subjects, matterCode: $matterCode, stage: $stage) {
      checkId
      subject
      decision
      measures { code name kind }
    }
  }
`);

/** An integrity code a person shows (same-city treatment): partner cities verify, and so spend, it. */
export const VerifyIntegrityCode = graphql(`
  query BankVerifyIntegrityCode($code: String!, $idNumber: String) {
    verifyIntegrityCode(code: $code, idNumber: $idNumber) { valid grade city expiresAt holderMatches reason }
  }
`);

/** A credit report an applicant handed in: was it issued here, and has anything in it changed since? */
export const VerifyCreditReport = graphql(`
  query BankVerifyCreditReport($number: String!, $digest: String!) {
    verifyCreditReport(number: $number, digest: $digest) { number valid issuedAt subjectName superseded }
  }
`);

/** A person who consented to this bank for a purpose: sent with that purpose (x-purpose). */
export const ConsentedPerson = graphql(`
  query BankConsentedPerson($idNumber: String!) {
    person(idNumber: $idNumber) {
      name
      idNumber
      integrity { score grade }
      judgmentDebtor { listed }
    }
  }
`);
