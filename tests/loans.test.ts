/**
 * The credit-easy loan loop through the running stack: the demo bank reports an application and its
 * outcomes, the borrower's industry and region come from the enterprise subgraph, the loan is among
 * the enterprise's creditEasyLoans, and loanStatistics adds it up for the bank and an operator.
 * Another bank cannot touch it; callers other than banks cannot report.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { todayCST } from '../lib/time.ts';
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

  // A second bank: registered by the operator, who ties the seed's lender fp-02 to it.
  const reg = await stack.query('mutation { registerInstitution(input: { name: "乙银行", kind: FINANCIAL, scopes: ["loans:read"] }) { id } }', { headers: operator });
  const otherId = reg.body.data!.registerInstitution.id as string;
  const issued = await stack.query('mutation ($id: ID!) { issueApiKey(institutionId: $id) { key } }', { variables: { id: otherId }, headers: operator });
  otherBank = apiKey(issued.body.data!.issueApiKey.key);
  const linked = await stack.query('mutation ($i: ID!) { linkFinancialPartner(id: "fp-02", institutionId: $i) { id institutionId } }',
    { variables: { i: otherId }, headers: operator });
  expect(linked.body).toEqual({ data: { linkFinancialPartner: { id: 'fp-02', institutionId: otherId } } });

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

describe('lenders registered by operators', () => {
  const REGISTER = 'mutation ($n: String!, $i: ID) { registerFinancialPartner(name: $n, kind: BANK, institutionId: $i) { id name kind institutionId } }';
  const PRODUCT = `mutation ($p: ID!, $m: Float!, $r: Float!, $t: Int!) {
    addLoanProduct(partner: $p, name: "科创贷", maxAmount: $m, minAnnualRate: $r, termMonths: $t, eligibility: "纳税信用A级或B级企业") { id name partner { id } } }`;
  const codes = (body: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
    body.errors?.map((e) => [e.extensions?.code, e.extensions?.reason ?? null]);

  async function newInstitution(name: string, kind: string) {
    const reg = await stack.query(`mutation { registerInstitution(input: { name: "${name}", kind: ${kind} }) { id } }`, { headers: operator });
    const id = reg.body.data!.registerInstitution.id as string;
    const issued = await stack.query('mutation ($id: ID!) { issueApiKey(institutionId: $id) { key } }', { variables: { id }, headers: operator });
    return { id, key: apiKey(issued.body.data!.issueApiKey.key) };
  }

  it('onboards a bank: the operator registers its lender tied to it, the bank publishes a product and reports an application on it', async () => {
    const newBank = await newInstitution('丙银行', 'FINANCIAL');
    const reg = await stack.query(REGISTER, { variables: { n: '丙银行深圳分行', i: newBank.id }, headers: operator });
    expect(reg.body.errors).toBeUndefined();
    const lender = reg.body.data!.registerFinancialPartner;
    expect(lender).toEqual({ id: expect.any(String), name: '丙银行深圳分行', kind: 'BANK', institutionId: newBank.id });
    const product = await stack.query(PRODUCT, { variables: { p: lender.id, m: 3_000_000, r: 3.2, t: 24 }, headers: newBank.key });
    expect(product.body.errors).toBeUndefined();
    expect(product.body.data!.addLoanProduct.partner).toEqual({ id: lender.id });
    const applied = await stack.query(APPLY, { variables: { u: uscc, p: product.body.data!.addLoanProduct.id, a: '500000' }, headers: newBank.key });
    expect(applied.body.data!.reportLoanApplication).toEqual({ id: expect.any(String), status: 'APPLIED', requestedAmount: '500000.00' });
    // The tie is the operator's to see; anyone else reads the lender without it (FORBIDDEN on the field).
    const partners = 'query { financialPartners { id institutionId } }';
    const forOperator = await stack.query(partners, { headers: operator });
    expect(forOperator.body.data!.financialPartners).toContainEqual({ id: lender.id, institutionId: newBank.id });
    const forBank = await stack.query(partners, { headers: newBank.key });
    expect(forBank.body.data!.financialPartners).toContainEqual({ id: lender.id, institutionId: null });
    expect(codes(forBank.body)?.[0]).toEqual(['FORBIDDEN', null]);
  });

  it('refuses to tie a lender to an unknown institution, to one that is not FINANCIAL, or to one that already reports for another lender', async () => {
    const agency = await newInstitution('丁征信服务', 'CREDIT_SERVICE');
    expect(codes((await stack.query(REGISTER, { variables: { n: '戊银行', i: 'no-such-institution' }, headers: operator })).body))
      .toEqual([['BAD_USER_INPUT', 'INSTITUTION_UNKNOWN']]);
    expect(codes((await stack.query(REGISTER, { variables: { n: '戊银行', i: agency.id }, headers: operator })).body))
      .toEqual([['BAD_USER_INPUT', 'INSTITUTION_NOT_FINANCIAL']]);
    // The demo bank already reports for fp-01.
    expect(codes((await stack.query(REGISTER, { variables: { n: '戊银行', i: stack.credentials.institutions.FINANCIAL.id }, headers: operator })).body))
      .toEqual([['BAD_USER_INPUT', 'INSTITUTION_ALREADY_LINKED']]);
    expect(codes((await stack.query('mutation { linkFinancialPartner(id: "no-such-lender", institutionId: null) { id } }', { headers: operator })).body))
      .toEqual([['NOT_FOUND', null]]);
  });

  it('lets only operators register and tie lenders, and only the lender\'s own institution or an operator publish its products', async () => {
    expect(codes((await stack.query(REGISTER, { variables: { n: '己银行', i: null }, headers: bank })).body)).toEqual([['FORBIDDEN', null]]);
    expect(codes((await stack.query('mutation { linkFinancialPartner(id: "fp-02", institutionId: null) { id } }', { headers: bank })).body))
      .toEqual([['FORBIDDEN', null]]);
    // fp-02 is the other bank's lender: the demo bank may not publish for it; the operator may.
    expect(codes((await stack.query(PRODUCT, { variables: { p: 'fp-02', m: 1_000_000, r: 3.5, t: 12 }, headers: bank })).body)).toEqual([['FORBIDDEN', null]]);
    expect((await stack.query(PRODUCT, { variables: { p: 'fp-02', m: 1_000_000, r: 3.5, t: 12 }, headers: operator })).body.errors).toBeUndefined();
    expect(codes((await stack.query(PRODUCT, { variables: { p: 'fp-02', m: -1, r: 3.5, t: 12 }, headers: operator })).body))
      .toEqual([['BAD_USER_INPUT', 'MAX_AMOUNT_OUT_OF_RANGE']]);
    expect(codes((await stack.query(PRODUCT, { variables: { p: 'fp-02', m: 1_000, r: 40, t: 12 }, headers: operator })).body))
      .toEqual([['BAD_USER_INPUT', 'RATE_OUT_OF_RANGE']]);
    expect(codes((await stack.query(PRODUCT, { variables: { p: 'fp-02', m: 1_000, r: 4, t: 0 }, headers: operator })).body))
      .toEqual([['BAD_USER_INPUT', 'TERM_OUT_OF_RANGE']]);
  });
});
