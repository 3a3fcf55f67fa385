/**
 * creditStatistics' platform part (issue 16): the enterprise subgraph's `CreditStatistics` resolved
 * here by its key; queries per kind of institution and CST month from a known set of usage buckets
 * (across the CST midnights that start and end the window), exact on SQLite and PostgreSQL, in one
 * GROUP BY over the hourStart index; who may ask.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '../../lib/caller.ts';
import { explainPlan } from '../../tests/support/explain.ts';
import { postgresAvailable, startPostgres, type PostgresInstance } from '../../tests/support/postgres.ts';
import { createInstitution } from './db/institutions.ts';
import { startTestSubgraph, type TestSubgraph } from './test-support.ts';

const PROVIDERS = postgresAvailable() ? ['sqlite', 'postgresql'] as const : ['sqlite'] as const;
const OPERATOR: Principal = { kind: 'OPERATOR', operatorId: 'op-1' };
const GOV: Principal = { kind: 'INSTITUTION', institutionId: 'inst-gov', institutionKind: 'GOVERNMENT', institutionName: '市场监督管理局', scopes: [] };
const BANK: Principal = { kind: 'INSTITUTION', institutionId: 'inst-bank', institutionKind: 'FINANCIAL', institutionName: '甲商业银行', scopes: [] };
const KEY = '2026-01-01/2026-02-28/*/*';
const ENTITIES = /* GraphQL */ `
  query ($r: [_Any!]!) { _entities(representations: $r) { ... on CreditStatistics {
    key queriesByInstitutionKind { kind requests archivePulls personRecordPulls monthly { month requests } }
  } } }`;

describe.each(PROVIDERS)('creditStatistics.queriesByInstitutionKind on %s', (provider) => {
  let sg: TestSubgraph;
  let pg: PostgresInstance | null = null;
  let pgUrl: string | undefined;

  beforeAll(async () => {
    pg = provider === 'postgresql' ? await startPostgres() : null;
    sg = await startTestSubgraph({ postgresUrl: (pgUrl = await pg?.createDatabase('platform_statistics')) });
    await createInstitution(sg.db, { id: 'inst-bank', name: '甲商业银行', kind: 'FINANCIAL' });
    await createInstitution(sg.db, { id: 'inst-bank-2', name: '乙银行', kind: 'FINANCIAL' });
    await createInstitution(sg.db, { id: 'inst-gov', name: '市场监督管理局', kind: 'GOVERNMENT' });
    const hour = (institutionId: string, at: string, requests: number, archivePulls = 0, personRecordPulls = 0) =>
      ({ institutionId, hourStart: new Date(at), requests, archivePulls, personRecordPulls });
    await sg.db.prisma.usageBucket.createMany({ data: [
      hour('inst-bank', '2025-12-31T15:00:00Z', 1000), // 31 Dec 23:00 CST: before the window
      hour('inst-bank', '2025-12-31T16:00:00Z', 2, 1), // 1 Jan 00:00 CST
      hour('inst-bank-2', '2026-01-20T02:00:00Z', 3, 0, 1),
      hour('inst-bank', '2026-01-31T16:00:00Z', 5, 2), // 1 Feb 00:00 CST
      hour('inst-gov', '2026-02-10T02:00:00Z', 20, 4, 3),
      hour('inst-gov', '2026-02-28T15:00:00Z', 7), // 28 Feb 23:00 CST: the window's last hour
      hour('inst-gov', '2026-02-28T16:00:00Z', 500), // 1 Mar 00:00 CST: after it
    ] });
  }, 120_000);

  afterAll(async () => {
    await sg?.close();
    await pg?.stop();
  });

  const entities = (caller: Principal) => sg.query(ENTITIES, { r: [{ __typename: 'CreditStatistics', key: KEY }] }, caller);

  it('sums the window\'s usage per kind of institution and CST month, largest first', async () => {
    expect((await entities(GOV)).body).toEqual({ data: { _entities: [{ key: KEY, queriesByInstitutionKind: [
      { kind: 'GOVERNMENT', requests: 27, archivePulls: 4, personRecordPulls: 3, monthly: [{ month: '2026-01', requests: 0 }, { month: '2026-02', requests: 27 }] },
      { kind: 'FINANCIAL', requests: 10, archivePulls: 3, personRecordPulls: 1, monthly: [{ month: '2026-01', requests: 5 }, { month: '2026-02', requests: 5 }] },
    ] }] } });
  });

  it('groups over the hourStart index', async () => {
    sg.resetStatements();
    await entities(OPERATOR);
    const sql = sg.statements.find((q) => /FROM "UsageBucket" u/.test(q))!;
    expect(await explainPlan(provider, { file: sg.file, pgUrl }, sql)).toMatch(/UsageBucket_hourStart_idx/);
  });

  it('refuses anonymous callers and other institutions (FORBIDDEN)', async () => {
    expect((await entities({ kind: 'ANONYMOUS' })).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await entities(BANK)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
