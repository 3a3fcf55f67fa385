/**
 * Test support: the real finance subgraph on port 0 over a fresh, migrated temp SQLite database (or
 * the PostgreSQL database it is given), and a client that signs its calls like the gateway does.
 */
import { startTestSubgraph as startShared, type TestSubgraph as SharedTestSubgraph } from '../../tests/support/subgraph.ts';
import type { RunningSubgraph as Running } from '../../lib/subgraph.ts';
import type { Db } from './db/client.ts';
import type { Borrowers } from './loans/borrowers.ts';
import type { BorrowerProfile, LoanRow } from './loans/terms.ts';
import { startSubgraph } from './main.ts';

type RunningSubgraph = Running<Db>;

export const CALLER_SECRET = 'test-caller-signing-secret-0123456789abcdef';

export type { GraphQLBody as GraphQLResponse } from '../../tests/support/subgraph.ts';
export type TestSubgraph = SharedTestSubgraph<RunningSubgraph>;

export interface FinanceTestOptions {
  postgresUrl?: string;
  /** The enterprises the enterprise subgraph would know (default: none). */
  borrowers?: Record<string, BorrowerProfile>;
  now?: () => Date;
}

/** The enterprise subgraph as a table: `asked` lists the USCCs looked up. */
export function borrowersFrom(table: Record<string, BorrowerProfile>): Borrowers & { asked: string[] } {
  const asked: string[] = [];
  return { asked, profileOf: async (_caller, uscc) => { asked.push(uscc); return table[uscc] ?? null; } };
}

export function startTestSubgraph(opts: FinanceTestOptions = {}): Promise<TestSubgraph> {
  const borrowers = borrowersFrom(opts.borrowers ?? {});
  return startShared({
    subgraph: 'finance', secret: CALLER_SECRET, postgresUrl: opts.postgresUrl, now: opts.now,
    start: (env, o) => startSubgraph(env, { ...o, given: { borrowers } }),
  });
}

/** A loan row as the seed wrote them before the loan reports: an amount in yuan and one day. */
export function loanFixture(l: { id: string; uscc: string; partnerId: string; productId: string; amount: number; grantedOn: string; status: string }): LoanRow {
  const fen = BigInt(Math.round(l.amount * 100));
  const granted = ['GRANTED', 'REPAID', 'OVERDUE'].includes(l.status);
  return {
    id: l.id, uscc: l.uscc, partnerId: l.partnerId, productId: l.productId, reference: null, purpose: '流动资金周转',
    industryCode: 'C', regionCode: l.uscc.slice(2, 8), requestedFen: fen, appliedOn: l.grantedOn, appliedMonth: l.grantedOn.slice(0, 7),
    status: l.status, statusOn: l.grantedOn, decidedOn: l.status === 'APPLIED' ? null : l.grantedOn, grantedOn: granted ? l.grantedOn : null,
    grantedFen: granted ? fen : null, rateBp: granted ? 400 : null, termMonths: granted ? 12 : null, reason: null,
  };
}
