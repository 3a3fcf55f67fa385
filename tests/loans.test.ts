/**
 * The credit-easy loan loop through the running stack: the demo bank reports an application and its
 * outcomes, the borrower's industry and region come from the enterprise subgraph, the loan is among
 * the enterprise's creditEasyLoans, and loanStatistics adds it up for the bank and an operator.
 * Another bank cannot touch it; callers other than banks cannot report.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { todayCST } from '../lib/time.ts';
import type { RunningSubgraph } from '../lib/subgraph.ts';
import type { Db } from '../subgraphs/finance/db/client.ts';
import { apiKey, bearer, startStack, type Stack } from './support/stack.ts';

const APPLY = `mutation ($u: ID!, $p: ID!, $a: Yuan!) { reportLoanApplication(uscc: $u, product: $p, amount: $a, purpose: "流动资金周转") { id status requestedAmount } }`;
const OUTCOME = `mutation ($id: ID!, $s: LoanOutcome!, $a: Yuan, $r: Float, $t: Int) {
  reportLoanOutcome(id: $id, status: $s, amount: $a, rate: $r, termMonths: $t) { id status grantedAmount rate termMonths } }`;
const STATS = `query ($d: Date!, $g: LoanStatisticsGroup!) { loanStatistics(from: $d, to: $d, groupBy: $g) {
  groups { key bank { id } applications granted rejected pending requestedAmount grantedAmount approvalRate } } }`;

let stack: Stack;
let bank: Record<string, string>;
let otherBank: Record<string, string>;
let operator: Record<string, string>;
let uscc: string;
let overview: { industryCode: string; regionCode: string };
let today: string;
const ids: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  today = todayCST();
  bank = apiKey(stack.credentials.institutions.FINANCIAL.apiKey);
  operator = bearer(stack.credentials.operator.token);
  uscc = stack.credentials.enterprises[0]!.uscc;
  const o = await stack.query('query ($u: ID!) { enterprise(uscc: $u) { overview { industryCode regionCode } } }', { variables: { u: uscc } });
  overview = o.body.data!.enterprise.overview;

  // A second bank: registered by the operator; its lender (fp-02) is registered to it in the finance
  // database, which has no API for that yet.
  const reg = await stack.query('mutation { registerInstitution(input: { name: "乙银行", kind: FINANCIAL, scopes: ["loans:read"] }) { id } }', { headers: operator });
  const otherId = reg.body.data!.registerInstitution.id as string;
  const issued = await stack.query('mutation ($id: ID!) { issueApiKey(institutionId: $id) { key } }', { variables: { id: otherId }, headers: operator });
  otherBank = apiKey(issued.body.data!.issueApiKey.key);
  const finance = stack.subgraphs.finance as unknown as RunningSubgraph<Db>;
  await finance.db.prisma.financialPartner.update({ where: { id: 'fp-02' }, data: { institutionId: otherId } });

  for (const amount of ['120000.50', '30000']) {
    const res = await stack.query(APPLY, { variables: { u: uscc, p: 'lp-01-1', a: amount }, headers: bank });
    expect(res.body.errors).toBeUndefined();
    ids.push(res.body.data!.reportLoanApplication.id);
  }
}, 180_000);

afterAll(async () => {
  await stack?.close();
});

describe('the credit-easy loan loop through the gateway', () => {
  it('takes outcomes from the lender and shows the loan among the enterprise\'s creditEasyLoans', async () => {
    const granted = await stack.query(OUTCOME, { variables: { id: ids[0], s: 'GRANTED', a: '100000.25', r: 4.35, t: 12 }, headers: bank });
    expect(granted.body).toEqual({ data: { reportLoanOutcome: { id: ids[0], status: 'GRANTED', grantedAmount: '100000.25', rate: 4.35, termMonths: 12 } } });
    const rejected = await stack.query(OUTCOME, { variables: { id: ids[1], s: 'REJECTED' }, headers: bank });
    expect(rejected.body.errors).toBeUndefined();

    const loans = await stack.query('query ($u: ID!) { enterprise(uscc: $u) { creditEasyLoans { id status requestedAmount grantedAmount appliedOn } } }', { variables: { u: uscc }, headers: bank });
    const reported = loans.body.data!.enterprise.creditEasyLoans.filter((l: { id: string }) => ids.includes(l.id));
    expect(reported).toEqual([
      { id: ids[0], status: 'GRANTED', requestedAmount: '120000.50', grantedAmount: '100000.25', appliedOn: today },
      { id: ids[1], status: 'REJECTED', requestedAmount: '30000.00', grantedAmount: null, appliedOn: today },
    ].sort((a, b) => (a.id < b.id ? -1 : 1)));
  });

  it("groups today's reports by the borrower's industry and region as the enterprise subgraph gave them", async () => {
    for (const [groupBy, key] of [['INDUSTRY', overview.industryCode], ['REGION', overview.regionCode]] as const) {
      const res = await stack.query(STATS, { variables: { d: today, g: groupBy }, headers: bank });
      expect(res.body).toEqual({ data: { loanStatistics: { groups: [
        { key, bank: null, applications: 2, granted: 1, rejected: 1, pending: 0, requestedAmount: '150000.50', grantedAmount: '100000.25', approvalRate: 0.5 },
      ] } } });
    }
    const byBank = await stack.query(STATS, { variables: { d: today, g: 'BANK' }, headers: operator });
    expect(byBank.body.data!.loanStatistics.groups).toEqual([
      { key: 'fp-01', bank: { id: 'fp-01' }, applications: 2, granted: 1, rejected: 1, pending: 0, requestedAmount: '150000.50', grantedAmount: '100000.25', approvalRate: 0.5 },
    ]);
  });

  it("refuses another bank's outcome on the loan as NOT_FOUND, and gives it its own (empty) figures", async () => {
    const res = await stack.query(OUTCOME, { variables: { id: ids[0], s: 'REPAID' }, headers: otherBank });
    expect(res.body.data).toEqual({ reportLoanOutcome: null });
    expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    const own = await stack.query(STATS, { variables: { d: today, g: 'BANK' }, headers: otherBank });
    expect(own.body).toEqual({ data: { loanStatistics: { groups: [] } } });
  });

  it('refuses a bad transition and bad input with coded errors', async () => {
    const back = await stack.query(OUTCOME, { variables: { id: ids[1], s: 'GRANTED', a: '1', r: 4.35, t: 12 }, headers: bank });
    expect(back.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_STATE', status: 'REJECTED' });
    const fen = await stack.query(APPLY, { variables: { u: uscc, p: 'lp-01-1', a: '1.001' }, headers: bank });
    expect(fen.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'AMOUNT_FORMAT' });
  });

  it('lets no one but a financial institution report, and no one but operators and banks read the figures', async () => {
    const gov = apiKey(stack.credentials.institutions.GOVERNMENT.apiKey);
    for (const headers of [gov, operator, {}]) {
      const res = await stack.query(APPLY, { variables: { u: uscc, p: 'lp-01-1', a: '1000' }, headers });
      expect(res.body.data?.reportLoanApplication ?? null).toBeNull();
      expect(res.body.errors?.[0]?.extensions?.code).toMatch(/^(FORBIDDEN|UNAUTHENTICATED)$/);
    }
    const stats = await stack.query(STATS, { variables: { d: today, g: 'BANK' }, headers: gov });
    expect(stats.body.data).toEqual({ loanStatistics: null });
    expect(stats.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
