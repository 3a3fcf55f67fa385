/**
 * loanStatistics: the database groups the reported applications by (key, status) in one indexed
 * statement (db/loans.ts `groupLoans`); here those rows fold into one figure per key.
 */
import { badUserInput } from '../../../lib/errors.ts';
import { GRANTED_STATUSES, type LoanStatus } from './terms.ts';

export type LoanGroupBy = 'BANK' | 'PRODUCT' | 'INDUSTRY' | 'REGION' | 'MONTH';

/** One row of the database's GROUP BY (key, status). */
export interface StatusCount {
  key: string;
  status: string;
  count: number;
  requestedFen: bigint;
  grantedFen: bigint;
}

export interface LoanGroupResult {
  key: string;
  groupBy: LoanGroupBy | null;
  applications: number;
  granted: number;
  rejected: number;
  pending: number;
  requestedAmount: bigint;
  grantedAmount: bigint;
  approvalRate: number | null;
}

export interface LoanStatisticsResult {
  from: string;
  to: string;
  groupBy: LoanGroupBy;
  groups: LoanGroupResult[];
  total: LoanGroupResult;
}

/** `from` after `to` is a mistake, not an empty answer. */
export function checkPeriod(from: string, to: string): void {
  if (from > to) throw badUserInput('PERIOD_ORDER', `from (${from}) must not be after to (${to})`);
}

const empty = (key: string, groupBy: LoanGroupBy | null): LoanGroupResult => ({
  key, groupBy, applications: 0, granted: 0, rejected: 0, pending: 0, requestedAmount: 0n, grantedAmount: 0n, approvalRate: null,
});

function add(g: LoanGroupResult, row: StatusCount): void {
  g.applications += row.count;
  g.requestedAmount += row.requestedFen;
  if (GRANTED_STATUSES.includes(row.status as LoanStatus)) {
    g.granted += row.count;
    g.grantedAmount += row.grantedFen;
  } else if (row.status === 'REJECTED') {
    g.rejected += row.count;
  } else {
    g.pending += row.count;
  }
}

/** Approval rate: of the applications decided, the share granted; pending ones wait. */
function finish(g: LoanGroupResult): LoanGroupResult {
  const decided = g.granted + g.rejected;
  return { ...g, approvalRate: decided === 0 ? null : g.granted / decided };
}

export function foldStatistics(from: string, to: string, groupBy: LoanGroupBy, rows: readonly StatusCount[]): LoanStatisticsResult {
  const groups = new Map<string, LoanGroupResult>();
  const total = empty('', null);
  for (const row of rows) {
    let g = groups.get(row.key);
    if (!g) groups.set(row.key, (g = empty(row.key, groupBy)));
    add(g, row);
    add(total, row);
  }
  const ordered = [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map(finish);
  return { from, to, groupBy, groups: ordered, total: finish(total) };
}
