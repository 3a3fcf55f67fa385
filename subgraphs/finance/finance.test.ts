import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { InstitutionKind, Principal } from '../../lib/caller.ts';
import { makeUscc } from '../../lib/identifiers/uscc.ts';
import { loanFixture, startTestSubgraph, type TestSubgraph } from './test-support.ts';

const uscc = (body: string) => makeUscc({ authority: '9', orgType: '1', regionCode: '330500', orgCodeBody: body });
const BORROWER = uscc('MA000001');
const NO_LOANS = uscc('MA000002');
const DANGLING = uscc('MA000003');
const MANY = Array.from({ length: 50 }, (_, i) => uscc(`MB${String(i).padStart(6, '0')}`));

const institution = (institutionKind: InstitutionKind, scopes: string[]): Principal =>
  ({ kind: 'INSTITUTION', institutionId: `inst-${institutionKind}`, institutionKind, institutionName: institutionKind, scopes });
const BANK = institution('FINANCIAL', ['loans:read', 'person:penalties']);
const GOVERNMENT = institution('GOVERNMENT', ['loans:read']);
const OPERATOR: Principal = { kind: 'OPERATOR', operatorId: 'op-1' };
const BORROWER_ITSELF: Principal = { kind: 'ENTERPRISE', uscc: BORROWER };

const PARTNER_A = { id: 'partner-a', name: '甲商业银行', kind: 'BANK' };
const PARTNER_B = { id: 'partner-b', name: '乙农村商业银行', kind: 'BANK' };
const PARTNER_C = { id: 'partner-c', name: '丙融资担保有限公司', kind: 'GUARANTEE_COMPANY' };
const TAX_LOAN = { id: 'prod-1', partnerId: 'partner-a', name: '税易贷', maxAmount: 3_000_000, minAnnualRate: 3.45, termMonths: 12, eligibility: '纳税信用A级或B级企业' };
const CREDIT_LOAN = { id: 'prod-2', partnerId: 'partner-a', name: '信用贷', maxAmount: 1_000_000, minAnnualRate: 3.85, termMonths: 36, eligibility: '公共信用综合评价良好以上企业' };
const TALENT_LOAN = { id: 'prod-3', partnerId: 'partner-b', name: '人才贷', maxAmount: 5_000_000, minAnnualRate: 3.2, termMonths: 24, eligibility: '市级以上人才企业' };

const LOANS_QUERY = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Enterprise { uscc creditEasyLoans { id amount grantedOn status lender { name } product { name } } }
    }
  }`;
const enterprises = (...codes: string[]) => ({ representations: codes.map((code) => ({ __typename: 'Enterprise', uscc: code })) });

const BORROWER_LOANS = [
  { id: 'loan-1', amount: 2_000_000, grantedOn: '2025-03-01', status: 'GRANTED', lender: { name: '甲商业银行' }, product: { name: '税易贷' } },
  { id: 'loan-2', amount: 800_000, grantedOn: '2024-01-15', status: 'REPAID', lender: { name: '乙农村商业银行' }, product: { name: '人才贷' } },
];

let sg: TestSubgraph;

beforeAll(async () => {
  sg = await startTestSubgraph();
  await sg.db.prisma.financialPartner.createMany({ data: [PARTNER_A, PARTNER_B, PARTNER_C] });
  await sg.db.prisma.loanProduct.createMany({ data: [TAX_LOAN, CREDIT_LOAN, TALENT_LOAN] });
  await sg.db.prisma.creditEasyLoan.createMany({
    data: ([
      { id: 'loan-2', uscc: BORROWER, partnerId: 'partner-b', productId: 'prod-3', amount: 800_000, grantedOn: '2024-01-15', status: 'REPAID' },
      { id: 'loan-1', uscc: BORROWER, partnerId: 'partner-a', productId: 'prod-1', amount: 2_000_000, grantedOn: '2025-03-01', status: 'GRANTED' },
      { id: 'loan-x', uscc: DANGLING, partnerId: 'partner-a', productId: 'prod-gone', amount: 1, grantedOn: '2025-01-01', status: 'APPLIED' },
      ...MANY.map((code, i) => ({
        id: `loan-m${i}`, uscc: code, partnerId: i % 2 ? 'partner-a' : 'partner-b', productId: i % 2 ? 'prod-2' : 'prod-3',
        amount: 100_000 + i, grantedOn: '2025-06-01', status: 'GRANTED',
      })),
    ]).map(loanFixture),
  });
});

afterAll(async () => {
  await sg?.close();
});

beforeEach(() => sg.resetStatements());

describe('Query.financialPartners', () => {
  it('lists every partner by name with its products, to anyone', async () => {
    const res = await sg.query('{ financialPartners { id name kind products { id name maxAmount minAnnualRate termMonths eligibility partner { id } } } }');
    const product = ({ partnerId, ...p }: typeof TAX_LOAN) => ({ ...p, partner: { id: partnerId } });
    expect(res).toEqual({
      status: 200,
      body: {
        data: {
          financialPartners: [
            // Names sort by code point: 丙 < 乙 < 甲, 信 < 税.
            { ...PARTNER_C, products: [] },
            { ...PARTNER_B, products: [product(TALENT_LOAN)] },
            { ...PARTNER_A, products: [product(CREDIT_LOAN), product(TAX_LOAN)] },
          ],
        },
      },
    });
  });
});

describe('Query.loanProducts', () => {
  const names = async (variables: Record<string, unknown>) => {
    const res = await sg.query('query ($partnerId: ID) { loanProducts(partnerId: $partnerId) { id partner { name } } }', variables);
    expect(res.body.errors).toBeUndefined();
    return res.body.data;
  };

  it('lists every product with its partner when no partner is named', async () => {
    expect(await names({})).toEqual({
      // 人才贷 < 信用贷 < 税易贷 by code point.
      loanProducts: [
        { id: 'prod-3', partner: { name: '乙农村商业银行' } },
        { id: 'prod-2', partner: { name: '甲商业银行' } },
        { id: 'prod-1', partner: { name: '甲商业银行' } },
      ],
    });
  });

  it("lists one partner's products, and none for an unknown partner", async () => {
    expect(await names({ partnerId: 'partner-b' })).toEqual({ loanProducts: [{ id: 'prod-3', partner: { name: '乙农村商业银行' } }] });
    expect(await names({ partnerId: 'partner-unknown' })).toEqual({ loanProducts: [] });
  });
});

describe('FinancialPartner and LoanProduct references', () => {
  it('resolves partners and products by id, and null for unknown ids, in one statement per type', async () => {
    const res = await sg.query(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) {
         ... on FinancialPartner { id name kind } ... on LoanProduct { id name termMonths } } }`,
      { representations: [
        { __typename: 'FinancialPartner', id: 'partner-b' }, { __typename: 'LoanProduct', id: 'prod-1' },
        { __typename: 'FinancialPartner', id: 'partner-zz' }, { __typename: 'LoanProduct', id: 'prod-2' },
      ] },
    );
    expect(res.body).toEqual({
      data: { _entities: [PARTNER_B, { id: 'prod-1', name: '税易贷', termMonths: 12 }, null, { id: 'prod-2', name: '信用贷', termMonths: 36 }] },
    });
    expect(sg.statements).toHaveLength(2);
  });
});

describe('Enterprise.creditEasyLoans', () => {
  it('shows any enterprise\'s loans, newest first, to a bank with loans:read', async () => {
    const res = await sg.query(LOANS_QUERY, enterprises(BORROWER, NO_LOANS), BANK);
    expect(res.body).toEqual({ data: { _entities: [{ uscc: BORROWER, creditEasyLoans: BORROWER_LOANS }, { uscc: NO_LOANS, creditEasyLoans: [] }] } });
  });

  it('shows loans to a government institution with loans:read and to an operator', async () => {
    for (const principal of [GOVERNMENT, OPERATOR]) {
      const res = await sg.query(LOANS_QUERY, enterprises(BORROWER), principal);
      expect(res.body).toEqual({ data: { _entities: [{ uscc: BORROWER, creditEasyLoans: BORROWER_LOANS }] } });
    }
  });

  it('shows an enterprise its own loans and FORBIDDEN for another enterprise\'s, with the rest of the response standing', async () => {
    const res = await sg.query(LOANS_QUERY, enterprises(BORROWER, NO_LOANS), BORROWER_ITSELF);
    expect(res.body.data).toEqual({ _entities: [{ uscc: BORROWER, creditEasyLoans: BORROWER_LOANS }, { uscc: NO_LOANS, creditEasyLoans: null }] });
    expect(res.body.errors).toEqual([
      expect.objectContaining({ path: ['_entities', 1, 'creditEasyLoans'], extensions: { code: 'FORBIDDEN' } }),
    ]);
  });

  it.each<[string, Principal]>([
    ['the anonymous public', { kind: 'ANONYMOUS' }],
    ['a natural person', { kind: 'PERSON', personId: 'person-1' }],
    ['a bank without loans:read', institution('FINANCIAL', ['person:penalties'])],
    ['a credit service agency with loans:read', institution('CREDIT_SERVICE', ['loans:read'])],
    ['a partner city with loans:read', institution('PARTNER_CITY', ['loans:read'])],
  ])('returns null with FORBIDDEN to %s, without reading loans', async (_who, principal) => {
    const res = await sg.query(LOANS_QUERY, enterprises(BORROWER), principal);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ _entities: [{ uscc: BORROWER, creditEasyLoans: null }] });
    expect(res.body.errors).toEqual([
      expect.objectContaining({ path: ['_entities', 0, 'creditEasyLoans'], extensions: { code: 'FORBIDDEN' } }),
    ]);
    expect(sg.statements).toEqual([]);
  });

  it('resolves an Enterprise reference without reading the database', async () => {
    const res = await sg.query('query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Enterprise { uscc } } }', enterprises(BORROWER, NO_LOANS));
    expect(res.body).toEqual({ data: { _entities: [{ uscc: BORROWER }, { uscc: NO_LOANS }] } });
    expect(sg.statements).toEqual([]);
  });

  it('costs the same statements for 50 enterprises with lenders and products as for 5', async () => {
    const run = async (codes: string[]) => {
      sg.resetStatements();
      const res = await sg.query(LOANS_QUERY, enterprises(...codes), BANK);
      expect(res.body.errors).toBeUndefined();
      const entities = (res.body.data as { _entities: { creditEasyLoans: unknown[] }[] })._entities;
      expect(entities).toHaveLength(codes.length);
      expect(entities[3]).toEqual({
        uscc: codes[3],
        creditEasyLoans: [{ id: 'loan-m3', amount: 100_003, grantedOn: '2025-06-01', status: 'GRANTED', lender: { name: '甲商业银行' }, product: { name: '信用贷' } }],
      });
      return sg.statements.length;
    };
    const five = await run(MANY.slice(0, 5));
    const fifty = await run(MANY);
    expect(five).toBe(3); // loans, partners, products
    expect(fifty).toBe(five);
  });

  it('answers INTERNAL_SERVER_ERROR for a loan naming a product that does not exist', async () => {
    const res = await sg.query(LOANS_QUERY, enterprises(DANGLING), OPERATOR);
    expect(res.body.data).toEqual({ _entities: [{ uscc: DANGLING, creditEasyLoans: null }] });
    expect(res.body.errors).toEqual([
      expect.objectContaining({ path: ['_entities', 0, 'creditEasyLoans', 0, 'product'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }),
    ]);
  });
});

describe('caller header', () => {
  it('refuses an unsigned call with 401 UNAUTHENTICATED', async () => {
    const res = await sg.post(JSON.stringify({ query: LOANS_QUERY, variables: enterprises(BORROWER) }));
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ data: null, errors: [expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })] });
    expect(sg.statements).toEqual([]);
  });
});
