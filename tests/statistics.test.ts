/**
 * creditStatistics through the gateway (issue 16): one question answered by three subgraphs — the
 * enterprise subgraph's figures, persons' objections (person subgraph) and queries by institution
 * kind (platform subgraph) joined on the entity's key — over a known set put in a window the demo
 * seed leaves empty (2030); the gateway's @requiresScopes and the subgraphs' rules refuse the rest.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningSubgraph } from '../lib/subgraph.ts';
import type { Db as EnterpriseDb } from '../subgraphs/enterprise/db/client.ts';
import type { Db as PersonDb } from '../subgraphs/person/db/client.ts';
import type { Db as PlatformDb } from '../subgraphs/platform/db/client.ts';
import { apiKey, bearer, startStack, type Stack } from './support/stack.ts';

const QUERY = /* GraphQL */ `
  query ($from: Date!, $to: Date!) {
    creditStatistics(from: $from, to: $to) {
      key months
      lists { listType entered left }
      sanctions { checks interceptions byDepartment { department checks } }
      objections { received }
      personObjections { received decided medianDaysToDecide monthly { month received decided } }
      queriesByInstitutionKind { kind requests monthly { month requests } }
    }
  }`;
const WINDOW = { from: '2030-01-01', to: '2030-02-28' };

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
  const db = <D>(name: 'enterprise' | 'person' | 'platform') => (stack.subgraphs[name] as unknown as RunningSubgraph<D>).db;
  const enterprise = db<EnterpriseDb>('enterprise');
  const uscc = stack.credentials.enterprises[0]!.uscc;
  await enterprise.prisma.listEntry.create({ data: {
    id: 'stat-L1', uscc, catalogItemCode: 'BLACK_LIST', sourceDepartment: 'samr', listType: 'BLACK', listName: '失信被执行人',
    reason: '测试', listingAuthority: '深圳市中级人民法院', listedOn: '2030-01-15', publicityEndDate: '2033-01-14',
  } });
  await enterprise.prisma.sanctionCheck.create({ data: {
    id: 'stat-C1', at: new Date('2030-02-01T02:00:00Z'), day: '2030-02-01', institutionId: stack.credentials.institutions.GOVERNMENT.id,
    matterCode: 'PUBLIC_TENDER', stage: 'ACCEPTANCE', subjects: 2, restricted: 1, incentive: 0,
  } });
  await db<PersonDb>('person').prisma.personObjection.create({ data: {
    id: 'stat-P1', personId: stack.credentials.persons[0]!.id, recordType: 'PersonPenalty', recordId: 'stat-r1', reason: '测试',
    status: 'UPHELD', sourceDepartment: 'court', filedAt: new Date('2030-01-10T02:00:00Z'), checkDueOn: '2030-01-11',
    decidedAt: new Date('2030-02-09T02:00:00Z'),
  } });
  await db<PlatformDb>('platform').prisma.usageBucket.createMany({ data: [
    { institutionId: stack.credentials.institutions.GOVERNMENT.id, hourStart: new Date('2030-01-05T02:00:00Z'), requests: 9 },
    { institutionId: stack.credentials.institutions.FINANCIAL.id, hourStart: new Date('2030-02-05T02:00:00Z'), requests: 4 },
  ] });
}, 180_000);

afterAll(async () => {
  await stack?.close();
});

describe('creditStatistics through the gateway', () => {
  it('joins the three subgraphs\' parts of one question for a government institution', async () => {
    const { body } = await stack.query(QUERY, { variables: WINDOW, headers: apiKey(stack.credentials.institutions.GOVERNMENT.apiKey) });
    expect(body).toEqual({ data: { creditStatistics: {
      key: '2030-01-01/2030-02-28/*/*', months: ['2030-01', '2030-02'],
      lists: [{ listType: 'RED', entered: 0, left: 0 }, { listType: 'BLACK', entered: 1, left: 0 }],
      sanctions: { checks: 1, interceptions: 1, byDepartment: [{ department: 'housing', checks: 1 }] },
      objections: { received: 0 },
      personObjections: { received: 1, decided: 1, medianDaysToDecide: 30, monthly: [{ month: '2030-01', received: 1, decided: 0 }, { month: '2030-02', received: 0, decided: 1 }] },
      queriesByInstitutionKind: [
        { kind: 'GOVERNMENT', requests: 9, monthly: [{ month: '2030-01', requests: 9 }, { month: '2030-02', requests: 0 }] },
        { kind: 'FINANCIAL', requests: 4, monthly: [{ month: '2030-01', requests: 0 }, { month: '2030-02', requests: 4 }] },
      ],
    } } });
  });

  it('answers an operator too, and refuses anonymous callers, enterprises and banks with FORBIDDEN', async () => {
    const operator = await stack.query(QUERY, { variables: WINDOW, headers: bearer(stack.credentials.operator.token) });
    expect(operator.body.errors).toBeUndefined();
    expect(operator.body.data!.creditStatistics.personObjections.received).toBe(1);
    // No credential is anonymous, not UNAUTHENTICATED (CONTRACT.md): refused like any other caller.
    for (const headers of [{}, bearer(stack.credentials.enterprises[0]!.token), apiKey(stack.credentials.institutions.FINANCIAL.apiKey)]) {
      const { body } = await stack.query(QUERY, { variables: WINDOW, headers });
      expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(body.data?.creditStatistics ?? null).toBeNull();
    }
  });
});
