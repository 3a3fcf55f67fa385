/**
 * The finance subgraph over PostgreSQL (skipped where no PostgreSQL binaries are installed): the
 * listing order, the loans rule and batching behave as on SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '../../lib/caller.ts';
import { makeUscc } from '../../lib/identifiers/uscc.ts';
import { postgresAvailable, startPostgres, type PostgresInstance } from '../../tests/support/postgres.ts';
import { loanFixture, startTestSubgraph, type TestSubgraph } from './test-support.ts';

const maybe = postgresAvailable() ? describe : describe.skip;
const MANY = Array.from({ length: 50 }, (_, i) => makeUscc({ authority: '9', orgType: '1', regionCode: '330500', orgCodeBody: `MB${String(i).padStart(6, '0')}` }));
const BANK: Principal = { kind: 'INSTITUTION', institutionId: 'i', institutionKind: 'FINANCIAL', institutionName: 'b', scopes: ['loans:read'] };
const LOANS = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { creditEasyLoans { id lender { name } product { name } } } } }';
const refs = (codes: string[]) => ({ r: codes.map((uscc) => ({ __typename: 'Enterprise', uscc })) });

maybe('on PostgreSQL', () => {
  let pg: PostgresInstance;
  let sg: TestSubgraph;

  beforeAll(async () => {
    pg = await startPostgres();
    sg = await startTestSubgraph({ postgresUrl: await pg.createDatabase('finance_test') });
    await sg.db.prisma.financialPartner.createMany({ data: [
      { id: 'partner-a', name: '甲商业银行', kind: 'BANK' },
      { id: 'partner-b', name: '乙农村商业银行', kind: 'BANK' },
      { id: 'partner-c', name: '丙融资担保有限公司', kind: 'GUARANTEE_COMPANY' },
    ] });
    await sg.db.prisma.loanProduct.createMany({ data: [
      { id: 'prod-1', partnerId: 'partner-a', name: '税易贷', maxAmount: 3e6, minAnnualRate: 3.45, termMonths: 12, eligibility: 'A' },
      { id: 'prod-2', partnerId: 'partner-b', name: '信用贷', maxAmount: 1e6, minAnnualRate: 3.85, termMonths: 36, eligibility: 'B' },
    ] });
    await sg.db.prisma.creditEasyLoan.createMany({ data: MANY.map((uscc, i) => loanFixture({
      id: `loan-${i}`, uscc, partnerId: i % 2 ? 'partner-a' : 'partner-b', productId: i % 2 ? 'prod-1' : 'prod-2', amount: 1000 + i, grantedOn: '2025-06-01', status: 'GRANTED',
    })) });
  }, 120_000);

  afterAll(async () => {
    await sg?.close();
    await pg?.stop();
  });

  it('lists partners in the same order as on SQLite', async () => {
    const res = await sg.query('{ financialPartners { id } }');
    expect(res.body).toEqual({ data: { financialPartners: [{ id: 'partner-c' }, { id: 'partner-b' }, { id: 'partner-a' }] } });
  });

  it('costs the same statements for 50 enterprises with lenders and products as for 5', async () => {
    const run = async (codes: string[]) => {
      sg.resetStatements();
      const res = await sg.query(LOANS, refs(codes), BANK);
      expect(res.body.errors).toBeUndefined();
      expect((res.body.data as { _entities: unknown[] })._entities[1]).toEqual({ creditEasyLoans: [{ id: 'loan-1', lender: { name: '甲商业银行' }, product: { name: '税易贷' } }] });
      return sg.statements.length;
    };
    const five = await run(MANY.slice(0, 5));
    expect(five).toBe(3);
    expect(await run(MANY)).toBe(five);
  });
});
