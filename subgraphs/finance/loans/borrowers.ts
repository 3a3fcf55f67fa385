/**
 * Where the finance subgraph learns who a borrower is when its application is reported: the
 * enterprise subgraph owns enterprises, so the report asks it (`enterprise(uscc) { overview }`,
 * public legal-person information) as the reporting bank, signed as the gateway signs
 * (lib/reports/peer.ts), and keeps the industry and region in the loan's row.
 *
 * Why a snapshot at the report, not `@requires` at query time: loanStatistics groups thousands of
 * loans by industry and region in one indexed GROUP BY in this database; `@requires` hands a
 * subgraph the fields of the entities in one response, which cannot group loans the response does
 * not list. And a loan counts where its borrower was when it applied: an enterprise that moves or
 * changes trade later does not rewrite last year's figures.
 */
import type { Caller } from '../../../lib/caller.ts';
import { peerClient } from '../../../lib/reports/peer.ts';
import type { BorrowerProfile } from './terms.ts';

export interface Borrowers {
  /** The industry and region of the enterprise `uscc` (a valid code), or null when the enterprise subgraph knows none. */
  profileOf(caller: Caller, uscc: string): Promise<BorrowerProfile | null>;
}

const PROFILE = 'query ($uscc: ID!) { enterprise(uscc: $uscc) { overview { industryCode regionCode } } }';
interface ProfileReply { enterprise: { overview: BorrowerProfile } | null }

/** `url()` is read at each call: the test stack learns the enterprise subgraph's port after finance starts. */
export function borrowersFromEnterpriseSubgraph(url: () => string, secret: string): Borrowers {
  return {
    async profileOf(caller, uscc) {
      const reply = await peerClient('enterprise', url(), secret)<ProfileReply>(caller, PROFILE, { uscc });
      if (reply.errors?.length) throw new Error(`enterprise subgraph: ${reply.errors[0]!.message}`);
      return reply.data?.enterprise?.overview ?? null;
    },
  };
}
