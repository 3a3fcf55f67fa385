/**
 * The four workloads: one GraphQL document each, the same for every gateway, and a request
 * generator that names a different subject (enterprise, page, person) and a different caller on
 * every request, cycling through lists spread over the whole data set.
 *
 * Every request carries both ways of saying who calls: what our gateway authenticates (the bench
 * institution's API key, or the person's bearer token) and the bench caller header the peers sign
 * their subgraph calls for (services/peer-signing.ts; the Caller with a request id of its own).
 * Our gateway ignores the latter; the peers ignore the former.
 */
import type { Principal } from '../lib/caller.ts';
import type { Samples } from './datasets.ts';
import { BENCH_CALLER_HEADER, benchCallerHeader } from './services/peer-signing.ts';

export const WORKLOAD_NAMES = ['single-archive', 'page-50', 'person-self', 'cross-subgraph', 'public-hot', 'mixed-hot'] as const;
/** The response cache's workloads (issue 18): how many enterprises the hot set holds. */
export const HOT_SET = 1_000;
/** In `mixed-hot`, every fifth request is personal (never cached). */
const PERSONAL_EVERY = 5;
export type WorkloadName = (typeof WORKLOAD_NAMES)[number];

export interface BenchRequest {
  body: string;
  headers: Record<string, string>;
}

export interface Workload {
  name: WorkloadName;
  description: string;
  /** How many different subjects the requests cycle through. */
  subjects: number;
  next(): BenchRequest;
  /** The request for the first subject, without moving on (the bench sends it alone first). */
  first(): BenchRequest;
  /** What is wrong with a parsed 200 response, or null. */
  check(response: { data?: Record<string, any> | null; errors?: unknown[] }): string | null;
}

const RECORD = 'id catalogItemCode sourceDepartment documentNumber decisionDate validFrom validTo publicityEndDate disclosure underObjection';

export const DOCUMENTS: Record<WorkloadName, string> = {
  'single-archive': `query SingleArchive($uscc: ID!) {
  enterprise(uscc: $uscc) {
    uscc name
    overview { registeredName entityType registrationAuthority establishedOn registeredCapital capitalCurrency regionCode regionName industryCode industryName businessScope address registrationStatus }
    licenses { ${RECORD} licenseType licenseNumber licenseName scope }
    penalties { ${RECORD} violation legalBasis penaltyType amount publicityPeriodMonths severity domain }
    redList { ${RECORD} listType listName reason listingAuthority listedOn removedOn }
    blackList { ${RECORD} listType listName reason listingAuthority listedOn removedOn }
    certificates { ${RECORD} certificateType certificateNumber issuer }
    inspections { ${RECORD} inspectionItem inspectedOn result inspectingAuthority }
    commitments { ${RECORD} commitmentType content committedOn status }
    evaluations { ${RECORD} industry grade evaluator year }
    honors { ${RECORD} title awardedBy level }
    otherRecords { ${RECORD} category title content }
  }
}`,
  'page-50': `query Page50($after: String) {
  enterprises(first: 50, after: $after) {
    edges {
      cursor
      node {
        uscc name
        overview { regionName industryName registrationStatus }
        licenses { id licenseName validTo disclosure }
        penalties { id penaltyType amount decisionDate severity disclosure }
        blackList { id listName listedOn removedOn disclosure }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`,
  'person-self': `query PersonSelf($idNumber: String!) {
  person(idNumber: $idNumber) {
    id name idNumber regionCode
    penalties { id decisionDate violation penaltyType amount publicityEndDate }
    honors { id title awardedBy awardedOn }
    integrity { score grade updatedOn }
  }
}`,
  'public-hot': '', // single-archive's document (below), over a hot set
  'mixed-hot': '', // single-archive's and person-self's documents
  'cross-subgraph': `query CrossSubgraph($uscc: ID!) {
  enterprise(uscc: $uscc) {
    uscc name
    overview { regionName industryName registrationStatus }
    legalRepresentative { id name idNumber }
    creditEasyLoans { id amount grantedOn status lender { id name kind } product { id name termMonths minAnnualRate } }
  }
}`,
};

const DESCRIPTIONS: Record<WorkloadName, string> = {
  'single-archive': "one enterprise's whole 1+9+X archive (overview, nine categories, other records), by USCC",
  'page-50': 'a page of 50 enterprises in name order (from a cursor) with three categories (licenses, penalties, black list)',
  'person-self': "a signed-in person's own view: name, full ID number, penalties, honours, integrity score (access-logged)",
  'cross-subgraph': 'enterprise (enterprise subgraph) + legal representative (person) + credit-easy loans with lender and product (finance; loans:read)',
  'public-hot': `single-archive over a hot set of ${HOT_SET.toLocaleString('en-US')} enterprises (the public reads a response cache serves)`,
  'mixed-hot': `4 of 5 requests public-hot, 1 of 5 person-self (personal: never served from a cache)`,
};
DOCUMENTS['public-hot'] = DOCUMENTS['single-archive'];
DOCUMENTS['mixed-hot'] = DOCUMENTS['single-archive'];

export interface WorkloadContext {
  samples: Samples;
  institution: { apiKey: string; principal: Principal };
  /** Distinguishes request ids between runs. */
  runId: string;
  /** Enterprises of public-hot and mixed-hot [HOT_SET]. */
  hotSet?: number;
}

export function createWorkload(name: WorkloadName, c: WorkloadContext): Workload {
  let n = 0;
  const requestId = () => `${c.runId}-${(n++).toString(36)}`;
  const benchCaller = (principal: Principal): string => benchCallerHeader({ principal, purpose: null, requestId: requestId() });
  const document = DOCUMENTS[name];
  const bodies = (variables: Array<Record<string, unknown>>) => variables.map((v) => JSON.stringify({ query: document, variables: v }));
  const institutional = (list: string[]): Pick<Workload, 'next' | 'first' | 'subjects'> => {
    let i = 0;
    const request = (k: number) => ({
      body: list[k % list.length]!,
      headers: { 'content-type': 'application/json', 'x-api-key': c.institution.apiKey, [BENCH_CALLER_HEADER]: benchCaller(c.institution.principal) },
    });
    return { subjects: list.length, next: () => request(i++), first: () => request(0) };
  };
  const base = { name, description: DESCRIPTIONS[name] };
  const need = (what: string, list: unknown[]) => {
    if (list.length === 0) throw new Error(`workload ${name}: the data set has no ${what}`);
  };
  const singleArchive = (variables: Array<Record<string, unknown>>) =>
    variables.map((v) => JSON.stringify({ query: DOCUMENTS['single-archive'], variables: v }));
  /** person-self's requests: each person signed in with their own token. */
  const personSelf = () => {
    const persons = c.samples.persons;
    need('persons', persons);
    const personBodies = persons.map((p) => JSON.stringify({ query: DOCUMENTS['person-self'], variables: { idNumber: p.idNumber } }));
    return {
      subjects: persons.length,
      i: 0,
      request: (k: number): BenchRequest => {
        const p = persons[k % persons.length]!;
        return {
          body: personBodies[k % persons.length]!,
          headers: {
            'content-type': 'application/json', authorization: `Bearer ${p.token}`,
            [BENCH_CALLER_HEADER]: benchCaller({ kind: 'PERSON', personId: p.id }),
          },
        };
      },
      check: (r: { data?: Record<string, any> | null }): string | null => {
        const p = r.data?.person;
        if (!p) return 'no person in the response';
        return Array.isArray(p.penalties) && p.integrity && /^\d{17}[\dX]$/.test(p.idNumber) ? null : 'not the self view (masked or withheld)';
      },
    };
  };
  switch (name) {
    case 'single-archive': {
      need('enterprises', c.samples.usccs);
      return {
        ...base,
        ...institutional(bodies(c.samples.usccs.map((uscc) => ({ uscc })))),
        check: (r) => (r.data?.enterprise?.overview ? null : 'no enterprise archive in the response'),
      };
    }
    case 'page-50': {
      need('enterprises', c.samples.cursors);
      return {
        ...base,
        ...institutional(bodies(c.samples.cursors.map((after) => ({ after })))),
        check: (r) => (r.data?.enterprises?.edges?.[0]?.node?.overview ? null : 'an empty page'),
      };
    }
    case 'cross-subgraph': {
      need('enterprises with loans', c.samples.loanUsccs);
      return {
        ...base,
        ...institutional(bodies(c.samples.loanUsccs.map((uscc) => ({ uscc })))),
        check: (r) => {
          const e = r.data?.enterprise;
          if (!e) return 'no enterprise in the response';
          if (!e.legalRepresentative?.name) return 'no legal representative';
          return Array.isArray(e.creditEasyLoans) && e.creditEasyLoans.length > 0 && e.creditEasyLoans[0].lender?.name ? null : 'no loans';
        },
      };
    }
    case 'person-self': {
      const self = personSelf();
      return { ...base, subjects: self.subjects, next: () => self.request(self.i++), first: () => self.request(0), check: self.check };
    }
    case 'public-hot': {
      need('enterprises', c.samples.usccs);
      const hot = c.samples.usccs.slice(0, c.hotSet ?? HOT_SET);
      return {
        ...base,
        ...institutional(singleArchive(hot.map((uscc) => ({ uscc })))),
        check: (r) => (r.data?.enterprise?.overview ? null : 'no enterprise archive in the response'),
      };
    }
    case 'mixed-hot': {
      need('enterprises', c.samples.usccs);
      const hot = institutional(singleArchive(c.samples.usccs.slice(0, c.hotSet ?? HOT_SET).map((uscc) => ({ uscc }))));
      const self = personSelf();
      let k = 0;
      return {
        ...base,
        subjects: hot.subjects + self.subjects,
        next: () => (++k % PERSONAL_EVERY === 0 ? self.request(self.i++) : hot.next()),
        first: () => hot.first(),
        check: (r) => (r.data?.person ? self.check(r) : r.data?.enterprise?.overview ? null : 'neither an archive nor a person'),
      };
    }
  }
}
