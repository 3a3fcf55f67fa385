/**
 * creditStatistics' person part (issue 16): the gateway resolves the enterprise subgraph's
 * `CreditStatistics` here by its key; persons' objections of a known set over January and February
 * 2026 (CST), exact on SQLite and PostgreSQL, read through the window indexes; who may ask.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '../../lib/caller.ts';
import { explainPlan } from '../../tests/support/explain.ts';
import { postgresAvailable, startPostgres, type PostgresInstance } from '../../tests/support/postgres.ts';
import { anonymous, institution, operator, personPrincipal, startTestSubgraph, type TestPersonSubgraph } from './test-support.ts';

const PROVIDERS = postgresAvailable() ? ['sqlite', 'postgresql'] as const : ['sqlite'] as const;
const CLOCK = new Date('2026-03-10T02:00:00Z');
const ENTITIES = /* GraphQL */ `
  query ($r: [_Any!]!) { _entities(representations: $r) { ... on CreditStatistics {
    key personObjections { received decided overdue medianDaysToDecide byDepartment { department received decided overdue } monthly { month received decided } }
  } } }`;
const KEY = '2026-01-01/2026-02-28/440306/*';

const objection = (id: string, dept: string, filedAt: string, over: Record<string, unknown> = {}) => ({
  id, personId: `person-${id}`, recordType: 'PersonPenalty', recordId: `r-${id}`, reason: '测试', status: 'FILED', sourceDepartment: dept,
  filedAt: new Date(filedAt), checkDueOn: '2026-01-01', ...over,
});

describe.each(PROVIDERS)('creditStatistics.personObjections on %s', (provider) => {
  let sg: TestPersonSubgraph;
  let pg: PostgresInstance | null = null;
  let pgUrl: string | undefined;

  beforeAll(async () => {
    pg = provider === 'postgresql' ? await startPostgres() : null;
    sg = await startTestSubgraph({ now: () => CLOCK, postgresUrl: (pgUrl = await pg?.createDatabase('person_statistics')) });
    await sg.db.prisma.personObjection.createMany({ data: [
      objection('P1', 'court', '2026-01-04T02:00:00Z', { status: 'UPHELD', decidedAt: new Date('2026-01-06T02:00:00Z') }),
      objection('P2', 'court', '2026-02-01T02:00:00Z', { status: 'ROUTED', dueOn: '2026-02-03' }),
      objection('P3', 'samr', '2025-12-30T02:00:00Z', { status: 'REJECTED', decidedAt: new Date('2026-01-05T02:00:00Z') }),
      objection('P4', 'samr', '2026-03-01T02:00:00Z', { dueOn: '2026-03-02' }),
    ] });
  }, 120_000);

  afterAll(async () => {
    await sg?.close();
    await pg?.stop();
  });

  const entities = (caller: Principal, key = KEY) => sg.query(ENTITIES, { r: [{ __typename: 'CreditStatistics', key }] }, caller);

  it('resolves the entity by its key and counts persons\' objections city-wide', async () => {
    const { body } = await entities(institution('inst-gov', 'GOVERNMENT'));
    expect(body).toEqual({ data: { _entities: [{
      key: KEY,
      personObjections: {
        received: 2, decided: 2, overdue: 1, medianDaysToDecide: (2 + 6) / 2,
        byDepartment: [{ department: 'court', received: 2, decided: 1, overdue: 1 }, { department: 'samr', received: 0, decided: 1, overdue: 0 }],
        monthly: [{ month: '2026-01', received: 1, decided: 2 }, { month: '2026-02', received: 1, decided: 0 }],
      },
    }] } });
  });

  it('reads the objections through the filedAt and decidedAt indexes', async () => {
    sg.resetStatements();
    await entities(operator);
    const filed = sg.statements.find((q) => /FROM "PersonObjection" x\s+WHERE x."filedAt" >=/.test(q))!;
    const decided = sg.statements.find((q) => /FROM "PersonObjection" x\s+WHERE x."decidedAt" >=/.test(q))!;
    expect(await explainPlan(provider, { file: sg.file, pgUrl }, filed)).toMatch(/PersonObjection_filedAt_idx/);
    expect(await explainPlan(provider, { file: sg.file, pgUrl }, decided)).toMatch(/PersonObjection_decidedAt_idx/);
  });

  it('refuses anonymous callers, persons and other institutions (FORBIDDEN), and a bad key', async () => {
    const code = async (caller: Principal, key?: string) => (await entities(caller, key)).body.errors?.[0]?.extensions?.code;
    expect(await code(anonymous)).toBe('FORBIDDEN');
    expect(await code(personPrincipal('person-P1'))).toBe('FORBIDDEN');
    expect(await code(institution('inst-bank', 'FINANCIAL'))).toBe('FORBIDDEN');
    expect(await code(operator, '2026-02-01/2026-01-01/*/*')).toBe('BAD_USER_INPUT');
  });
});
