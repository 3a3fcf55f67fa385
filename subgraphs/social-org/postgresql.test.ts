/**
 * The social-org subgraph over PostgreSQL (skipped where no PostgreSQL binaries are installed):
 * the publicity filter, the record order and batching behave as on SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeUscc } from '../../lib/identifiers/uscc.ts';
import { postgresAvailable, startPostgres, type PostgresInstance } from '../../tests/support/postgres.ts';
import { startTestSubgraph, type TestSubgraph } from './test-support.ts';

const maybe = postgresAvailable() ? describe : describe.skip;
const MANY = Array.from({ length: 50 }, (_, i) => makeUscc({ authority: '5', orgType: '1', regionCode: '330500', orgCodeBody: `MK${String(i).padStart(6, '0')}` }));
const ENTITIES = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on SocialOrganization { uscc annualInspections { year } penalties { id } honors { title } } } }';

maybe('on PostgreSQL', () => {
  let pg: PostgresInstance;
  let sg: TestSubgraph;

  beforeAll(async () => {
    pg = await startPostgres();
    sg = await startTestSubgraph({ postgresUrl: await pg.createDatabase('social_org_test'), now: () => new Date('2026-03-01T17:00:00Z') });
    await sg.db.prisma.socialOrganization.createMany({ data: MANY.map((uscc, i) => ({
      uscc, name: `社区服务中心${i}`, orgType: '民办非企业单位', registrationAuthority: '湖州市民政局', registeredOn: '2018-01-01', regionCode: '330500', businessScope: '社区服务',
    })) });
    await sg.db.prisma.annualInspection.createMany({ data: MANY.flatMap((uscc, i) => [
      { id: `a${i}`, uscc, year: 2023, result: '合格', inspectedOn: '2024-05-01' },
      { id: `b${i}`, uscc, year: 2024, result: '合格', inspectedOn: '2025-05-01' },
    ]) });
    await sg.db.prisma.socialOrgPenalty.createMany({ data: MANY.flatMap((uscc, i) => [
      { id: `p${i}-old`, uscc, documentNumber: 'd', decisionDate: '2022-01-01', violation: 'v', penaltyType: '警告', sourceDepartment: 's', publicityEndDate: '2026-03-01' },
      { id: `p${i}-new`, uscc, documentNumber: 'd', decisionDate: '2025-01-01', violation: 'v', penaltyType: '警告', sourceDepartment: 's', publicityEndDate: '2026-03-02' },
    ]) });
    await sg.db.prisma.socialOrgHonor.createMany({ data: MANY.map((uscc, i) => ({ id: `h${i}`, uscc, title: '优秀', awardedBy: '湖州市民政局', awardedOn: '2024-01-01' })) });
  }, 120_000);

  afterAll(async () => {
    await sg?.close();
    await pg?.stop();
  });

  it('costs the same statements for 50 organisations as for 5, newest first, expired penalties hidden from the public', async () => {
    const run = async (codes: string[]) => {
      sg.resetStatements();
      const res = await sg.query(ENTITIES, { r: codes.map((uscc) => ({ __typename: 'SocialOrganization', uscc })) });
      expect(res.body.errors).toBeUndefined();
      expect((res.body.data as { _entities: unknown[] })._entities[2]).toEqual({
        uscc: codes[2], annualInspections: [{ year: 2024 }, { year: 2023 }], penalties: [{ id: 'p2-new' }], honors: [{ title: '优秀' }],
      });
      return sg.statements.length;
    };
    const five = await run(MANY.slice(0, 5));
    expect(five).toBe(4);
    expect(await run(MANY)).toBe(five);
  });
});
